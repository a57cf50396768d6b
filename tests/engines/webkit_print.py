#!/usr/bin/env python3
"""Print XHTML pages to PDF in WebKitGTK (WebKit2 4.1), for the engine tests.

Usage (it needs a display): xvfb-run -a python3 webkit_print.py OUTDIR PAGE...

Loads each page in an off-screen web view and prints it with WebKit's own
print operation to a file (US Letter, 1 cm margins): OUTDIR/<page stem>.pdf.
"""
import os
import sys

import gi

gi.require_version('Gtk', '3.0')
gi.require_version('WebKit2', '4.1')
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402

out, pages = sys.argv[1], list(sys.argv[2:])
window = Gtk.OffscreenWindow()
window.set_default_size(800, 1000)
view = WebKit2.WebView()
view.get_settings().set_allow_file_access_from_file_urls(True)
window.add(view)
window.show_all()
failures = []


def next_page():
    if not pages:
        Gtk.main_quit()
    else:
        view.load_uri('file://' + os.path.abspath(pages[0]))
    return False


def loaded(_view, event):
    if event == WebKit2.LoadEvent.FINISHED:
        GLib.timeout_add(1000, print_page)  # the web fonts


def print_page():
    page = pages.pop(0)
    stem = os.path.splitext(os.path.basename(page))[0]
    settings = Gtk.PrintSettings()
    settings.set_printer('Print to File')
    settings.set(Gtk.PRINT_SETTINGS_OUTPUT_FILE_FORMAT, 'pdf')
    settings.set(Gtk.PRINT_SETTINGS_OUTPUT_URI,
                 'file://' + os.path.abspath(os.path.join(out, stem + '.pdf')))
    setup = Gtk.PageSetup()
    setup.set_paper_size(Gtk.PaperSize.new(Gtk.PAPER_NAME_LETTER))
    for side in ('top', 'bottom', 'left', 'right'):
        getattr(setup, f'set_{side}_margin')(10, Gtk.Unit.MM)
    operation = WebKit2.PrintOperation.new(view)
    operation.set_print_settings(settings)
    operation.set_page_setup(setup)
    operation.connect('finished', lambda *_: GLib.timeout_add(200, next_page))
    operation.connect('failed', lambda _op, error: failures.append(f'{page}: {error}'))
    operation.print_()
    return False


view.connect('load-changed', loaded)
GLib.idle_add(next_page)
GLib.timeout_add_seconds(240, Gtk.main_quit)
Gtk.main()
if failures or pages:
    sys.exit('webkit_print: ' + '; '.join(failures + [f'{p}: not printed' for p in pages]))
