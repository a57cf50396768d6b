#!/usr/bin/env python3
"""Print XHTML pages to PDF in Qt WebEngine (the engine of calibre's viewer),
for the engine tests.

Usage (it needs a display): xvfb-run -a python3 qtwebengine_print.py OUTDIR PAGE...

Loads each page and prints it with `printToPdf` (US Letter, 1 cm margins) to
OUTDIR/<page stem>.pdf.
"""
import os
import sys

os.environ.setdefault('QTWEBENGINE_CHROMIUM_FLAGS', '--no-sandbox --disable-gpu')
os.environ.setdefault('QTWEBENGINE_DISABLE_SANDBOX', '1')
from PyQt6.QtCore import QMarginsF, QTimer, QUrl  # noqa: E402
from PyQt6.QtGui import QPageLayout, QPageSize  # noqa: E402
from PyQt6.QtWebEngineCore import QWebEnginePage  # noqa: E402
from PyQt6.QtWidgets import QApplication  # noqa: E402

app = QApplication(sys.argv[:1])
out, pages = sys.argv[1], list(sys.argv[2:])
view = QWebEnginePage()
failures = []


def next_page():
    if not pages:
        app.quit()
    else:
        view.load(QUrl.fromLocalFile(os.path.abspath(pages[0])))


def print_page():
    stem = os.path.splitext(os.path.basename(pages[0]))[0]
    layout = QPageLayout(QPageSize(QPageSize.PageSizeId.Letter), QPageLayout.Orientation.Portrait,
                         QMarginsF(10, 10, 10, 10), QPageLayout.Unit.Millimeter)
    view.printToPdf(os.path.abspath(os.path.join(out, stem + '.pdf')), layout)


def printed(_path, ok):
    page = pages.pop(0)
    if not ok:
        failures.append(page)
    QTimer.singleShot(0, next_page)


view.loadFinished.connect(lambda _ok: QTimer.singleShot(1000, print_page))  # the web fonts
view.pdfPrintingFinished.connect(printed)
QTimer.singleShot(0, next_page)
QTimer.singleShot(240000, app.quit)
app.exec()
if failures or pages:
    sys.exit('qtwebengine_print: not printed: ' + ', '.join(failures + pages))
