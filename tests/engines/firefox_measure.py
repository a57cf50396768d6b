#!/usr/bin/env python3
"""Read what a page's own measuring script wrote, in headless Firefox (Gecko),
for the EPUB table tests.

Usage: firefox_measure.py OUTDIR PAGE

Opens PAGE (with firefox_print's session: a fresh profile in OUTDIR), waits
until its script has written the element `zhpress-measure` and prints that
element's text (JSON) on standard output.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from firefox_print import open_page, session  # noqa: E402


def main():
    out, page = sys.argv[1], sys.argv[2]
    with session(out) as m:
        open_page(m, page)
        text = m.call('WebDriver:ExecuteAsyncScript', {
            'script': 'const done = arguments[arguments.length - 1];'
                      'const look = () => {'
                      '  const e = document.getElementById("zhpress-measure");'
                      '  if (e) done(e.textContent); else setTimeout(look, 100);'
                      '};'
                      'look();',
            'args': []})['value']
    print(text)


if __name__ == '__main__':
    main()
