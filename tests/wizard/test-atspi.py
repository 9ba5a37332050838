#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The real wizard as a screen reader meets it, from outside the process,
through AT-SPI: page after page (offline, up to the mail programs step),
every control on screen has a name, and the step list says which step is
the current one.  Run by test-atspi.sh, which gives it a home, a display
and a session bus of its own:
  test-atspi.py MAIL_SETUP LANG      (TAP output)"""
import os
import subprocess
import sys
import time

import gi
gi.require_version('Atspi', '2.0')
gi.require_version('Gdk', '3.0')
from gi.repository import Atspi, Gdk  # noqa: E402

APP, LANG = sys.argv[1], sys.argv[2]
FR = LANG == 'fr'
T = {
    'continue': 'Continuer' if FR else 'Continue',
    'current': 'Étape en cours' if FR else 'Current step',
    'steps': 'Étapes' if FR else 'Steps',
    'last': 'Logiciels de messagerie' if FR else 'Mail Programs',
}
CONTROLS = {Atspi.Role.PUSH_BUTTON, Atspi.Role.CHECK_BOX, Atspi.Role.RADIO_BUTTON, Atspi.Role.COMBO_BOX,
            Atspi.Role.TEXT, Atspi.Role.PASSWORD_TEXT, Atspi.Role.TOGGLE_BUTTON}
results = []


def check(ok, what):
    results.append((ok, what))
    print(('ok' if ok else 'not ok') + f' {len(results)} - {what}', flush=True)


def wait_for(condition, what, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)   # polling a condition, with a deadline
    raise SystemExit(f'Bail out! {what}: not within {timeout} s')


def states(obj):
    return obj.get_state_set()


def showing(obj):
    s = states(obj)
    return s.contains(Atspi.StateType.SHOWING) and s.contains(Atspi.StateType.VISIBLE)


def walk(obj, out, depth=0):
    if obj is None or depth > 60:
        return
    try:
        if not showing(obj) and obj.get_role() != Atspi.Role.APPLICATION:
            return
        out.append(obj)
        for i in range(obj.get_child_count()):
            walk(obj.get_child_at_index(i), out, depth + 1)
    except gi.repository.GLib.Error:
        pass   # an object that went away while walking


def app_of(pid):
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        a = desktop.get_child_at_index(i)
        try:
            if a is not None and a.get_process_id() == pid and a.get_child_count() > 0:
                return a
        except gi.repository.GLib.Error:
            pass
    return None


def objects(app):
    out = []
    walk(app, out)
    return out


def page_title(objs):
    """The current step's name, as the step list tells it."""
    steps = [o for o in objs if o.get_name() == T['steps']]
    if not steps:
        return None, 0
    current = [c for c in (steps[0].get_child_at_index(i) for i in range(steps[0].get_child_count()))
               if c is not None and c.get_description() == T['current']]
    return (current[0].get_name() if len(current) == 1 else None), len(current)


def main():
    env = dict(os.environ, LANGUAGE=LANG, GSETTINGS_BACKEND='memory')
    # xvfb-run can hand over a display a moment before it takes clients.
    display = wait_for(lambda: Gdk.Display.open(os.environ['DISPLAY']), 'the X display')
    display.close()
    env.pop('NO_AT_BRIDGE', None)
    proc = subprocess.Popen([APP, '--offline'], env=env)
    try:
        app = wait_for(lambda: proc.poll() is None and app_of(proc.pid) or proc.poll() is not None and
                       sys.exit(f'Bail out! the wizard exited with {proc.returncode}'),
                       'the wizard on the accessibility bus')
        seen = set()
        for _ in range(12):
            objs = wait_for(lambda: (lambda o: o if page_title(o)[0] else None)(objects(app)),
                            'a current step in the step list')
            title, n_current = page_title(objs)
            if title in seen:
                break
            seen.add(title)
            check(n_current == 1, f'{title}: the step list says which step is current')
            unnamed = [f'{o.get_role_name()}' for o in objs
                       if o.get_role() in CONTROLS and states(o).contains(Atspi.StateType.FOCUSABLE)
                       and not (o.get_name() or '').strip()]
            check(not unnamed, f'{title}: every control on screen has a name' +
                  (f' (unnamed: {", ".join(unnamed)})' if unnamed else ''))
            if T['last'] in title:
                break
            # The account page needs a name, an address and a password.
            for o in objs:
                if o.get_role() in (Atspi.Role.TEXT, Atspi.Role.PASSWORD_TEXT) and \
                        states(o).contains(Atspi.StateType.EDITABLE) and not o.get_text(0, -1):
                    name = o.get_name() or ''
                    value = 'test@test.com' if '@' in name or 'mail' in name.lower() else 'Test'
                    o.set_text_contents(value)
            buttons = [o for o in objects(app) if o.get_role() == Atspi.Role.PUSH_BUTTON
                       and o.get_name() == T['continue'] and states(o).contains(Atspi.StateType.SENSITIVE)]
            if not buttons:
                check(False, f'{title}: Continue is reachable and sensitive')
                break
            buttons[0].do_action(0)
            wait_for(lambda: page_title(objects(app))[0] not in (None, title), f'leaving {title}')
        check(any(T['last'] in t for t in seen), 'the walk reached the mail programs step')
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    print(f'1..{len(results)}')
    return 0 if all(ok for ok, _ in results) else 1


sys.exit(main())
