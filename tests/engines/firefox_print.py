#!/usr/bin/env python3
"""Print XHTML pages to PDF in headless Firefox (Gecko), for the engine tests.

Usage: firefox_print.py OUTDIR PAGE...

Talks to Firefox's own remote protocol (Marionette) over a socket, so no
driver program is needed: starts `firefox-esr --headless --marionette` with a
fresh profile in OUTDIR, opens each page, waits for its fonts and prints it
(US Letter, 1 cm margins, no header or footer) to OUTDIR/<page stem>.pdf.
"""
import base64
import contextlib
import json
import os
import socket
import subprocess
import sys
import time


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Marionette:
    """A minimal client: length-prefixed JSON commands and answers."""

    def __init__(self, port):
        deadline = time.time() + 60
        while True:
            try:
                self.sock = socket.create_connection(('127.0.0.1', port))
                break
            except OSError:
                if time.time() > deadline:
                    sys.exit('firefox_print: Marionette did not answer')
                time.sleep(0.3)
        self.pending = b''
        self.serial = 0
        self.receive()  # the greeting

    def receive(self):
        while b':' not in self.pending:
            self.pending += self.sock.recv(65536)
        size, rest = self.pending.split(b':', 1)
        size = int(size)
        while len(rest) < size:
            rest += self.sock.recv(1 << 20)
        self.pending = rest[size:]
        return json.loads(rest[:size])

    def call(self, name, params=None):
        self.serial += 1
        data = json.dumps([0, self.serial, name, params or {}]).encode()
        self.sock.sendall(b'%d:%s' % (len(data), data))
        while True:
            kind, serial, error, result = self.receive()
            if kind == 1 and serial == self.serial:
                if error:
                    raise RuntimeError(f'{name}: {error}')
                return result


@contextlib.contextmanager
def session(out):
    """A headless Firefox with a fresh profile in OUT, and a Marionette
    session with it; quits it afterwards."""
    profile = os.path.join(out, 'firefox-profile')
    os.makedirs(profile, exist_ok=True)
    port = free_port()
    prefs = {
        'marionette.port': port,
        'browser.shell.checkDefaultBrowser': False,
        'datareporting.policy.dataSubmissionEnabled': False,
        'toolkit.telemetry.reportingpolicy.firstRun': False,
    }
    with open(os.path.join(profile, 'user.js'), 'w') as f:
        for key, value in prefs.items():
            f.write(f'user_pref({json.dumps(key)}, {json.dumps(value)});\n')
    browser = subprocess.Popen(
        ['firefox-esr', '--headless', '--marionette', '--no-remote', '--profile', profile],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        m = Marionette(port)
        m.call('WebDriver:NewSession', {'capabilities': {}})
        yield m
        m.call('WebDriver:DeleteSession')
        try:
            m.call('Marionette:Quit', {'flags': ['eForceQuit']})
        except (RuntimeError, OSError):
            pass
    finally:
        try:
            browser.wait(15)
        except subprocess.TimeoutExpired:
            browser.kill()


def open_page(m, page):
    """Opens PAGE and waits for its fonts."""
    m.call('WebDriver:Navigate', {'url': 'file://' + os.path.abspath(page)})
    m.call('WebDriver:ExecuteAsyncScript', {
        'script': 'const done = arguments[arguments.length - 1];'
                  'document.fonts.ready.then(() => done(1));',
        'args': []})


def main():
    out, pages = sys.argv[1], sys.argv[2:]
    with session(out) as m:
        for page in pages:
            open_page(m, page)
            pdf = m.call('WebDriver:Print', {
                'page': {'width': 21.59, 'height': 27.94},
                'margin': {'top': 1, 'bottom': 1, 'left': 1, 'right': 1},
                'shrinkToFit': False, 'background': True})['value']
            stem = os.path.splitext(os.path.basename(page))[0]
            with open(os.path.join(out, stem + '.pdf'), 'wb') as f:
                f.write(base64.b64decode(pdf))


if __name__ == '__main__':
    main()
