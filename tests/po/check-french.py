#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""French typography in a catalogue: a non-breaking space (U+00A0) before
« : ; ! ? » and inside « », never a plain space or none at all.
  check-french.py PO          fails and lists each message that breaks it
  check-french.py --fix PO    rewrites the translations in place"""
import re
import sys

BEFORE = re.compile(r'(?:(?<=[^\s\u00a0\u202f(])| )([:;!?»])(?=[\s\u00a0"]|$|\\n|[.,)])')
AFTER = re.compile(r'«[ ]?(?=\S)')


def fix(text):
    if re.fullmatch(r'[^\s]*;', text):   # a desktop file's keyword list
        return text
    text = BEFORE.sub(lambda m: '\u00a0' + m.group(1), text)
    return AFTER.sub('«\u00a0', text)


def strings(entry):
    """Yields (start, end, text) of each msgstr line's quoted text."""
    in_str = False
    for m in re.finditer(r'^(msgid|msgid_plural|msgctxt|msgstr(?:\[\d\])?)? ?"(.*)"$', entry, re.M):
        if m.group(1):
            in_str = m.group(1).startswith('msgstr')
        if in_str:
            yield m.start(2), m.end(2), m.group(2)


def main():
    args = sys.argv[1:]
    do_fix = args and args[0] == '--fix'
    path = args[-1]
    entries = open(path, encoding='utf-8').read().split('\n\n')
    bad = []
    for i, entry in enumerate(entries):
        if 'msgid ""\nmsgstr ""' in entry:   # the header
            continue
        out, last = [], 0
        for start, end, text in strings(entry):
            fixed = fix(text)
            if fixed != text:
                bad.append(text)
            out.append(entry[last:start] + fixed)
            last = end
        entries[i] = ''.join(out) + entry[last:]
    if do_fix:
        open(path, 'w', encoding='utf-8').write('\n\n'.join(entries))
        return 0
    for text in bad:
        print('French typography:', text)
    print(f'{len(bad)} message(s) without the non-breaking spaces French needs')
    return 1 if bad else 0


sys.exit(main())
