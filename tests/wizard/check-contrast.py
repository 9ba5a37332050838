#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""WCAG AA for ui/style.css on GTK 3's Adwaita (light): every rule's text
colour against the background it is drawn on must reach 4.5:1.  A rule
without a background of its own is drawn on the window, on a base (white)
view, and inside each of our boxes and cards (the status pills and the
current step set their own text colour); a box without a text colour is
checked with the theme's text colour.  Only the colour functions the
stylesheet uses are known: @name, #rrggbb, alpha() and mix()."""
import re
import sys

# Adwaita's GTK 3.24 light palette (gtk-contained.css).
PALETTE = {
    'theme_fg_color': (0x2e, 0x34, 0x36), 'theme_bg_color': (0xf6, 0xf5, 0xf4),
    'theme_base_color': (0xff, 0xff, 0xff), 'theme_selected_bg_color': (0x35, 0x84, 0xe4),
    'error_color': (0xcc, 0x00, 0x00), 'warning_color': (0xf5, 0x79, 0x00),
    'success_color': (0x33, 0xd1, 0x7a),
}


def split_args(text):
    depth, start, out = 0, 0, []
    for i, c in enumerate(text):
        depth += c == '('
        depth -= c == ')'
        if c == ',' and depth == 0:
            out.append(text[start:i].strip())
            start = i + 1
    out.append(text[start:].strip())
    return out


def colour(expr):
    """(r, g, b, a) with r, g, b in 0..255 and a in 0..1."""
    expr = expr.strip()
    if expr.startswith('@'):
        return PALETTE[expr[1:]] + (1.0,)
    if expr.startswith('#'):
        return tuple(int(expr[i:i + 2], 16) for i in (1, 3, 5)) + (1.0,)
    name, args = re.fullmatch(r'(\w+)\((.*)\)', expr).groups()
    args = split_args(args)
    if name == 'alpha':
        r, g, b, a = colour(args[0])
        return (r, g, b, a * float(args[1]))
    if name == 'mix':
        c1, c2, f = colour(args[0]), colour(args[1]), float(args[2])
        return tuple(x * (1 - f) + y * f for x, y in zip(c1, c2))
    raise ValueError(f'unknown colour function {name}')


def over(top, bottom):
    a = top[3]
    return tuple(t * a + b * (1 - a) for t, b in zip(top[:3], bottom[:3])) + (1.0,)


def luminance(c):
    def lin(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])


def ratio(fg, bg):
    a, b = luminance(fg), luminance(bg)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def main(path):
    css = re.sub(r'/\*.*?\*/', '', open(path, encoding='utf-8').read(), flags=re.S)
    rules = []
    for selector, body in re.findall(r'([^{}]+)\{([^}]*)\}', css):
        props = dict((k.strip(), v.strip()) for k, v in re.findall(r'([\w-]+)\s*:\s*([^;]+);', body))
        rules.append((selector.strip(), props.get('color'), props.get('background-color')))
    window = PALETTE['theme_bg_color'] + (1.0,)
    view = PALETTE['theme_base_color'] + (1.0,)
    grounds = {'window': window, 'view': view}
    own = {}
    for selector, _, bg in rules:
        if bg:
            own[selector] = over(colour(bg), window)
            if selector.endswith('-box') or selector == '.ms-card':
                grounds[selector] = own[selector]
    failures = 0
    for selector, fg, bg in rules:
        if not fg and not bg:
            continue
        text = colour(fg or '@theme_fg_color')
        under = {selector: own[selector]} if bg else grounds
        for where, ground in under.items():
            r = ratio(over(text, ground), ground)
            if r < 4.5:
                failures += 1
                print(f'not ok: {selector} on {where}: {r:.2f}:1')
    print(f'{failures} colour pair(s) below 4.5:1')
    return 1 if failures else 0


sys.exit(main(sys.argv[1]))
