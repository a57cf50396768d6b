// Measures the tables of the content document it is loaded into, once the
// book's fonts are in, for the EPUB table tests: how wide the body's content
// and each table's box are against the body (which the test sets as wide as
// a phone's screen), and on how many lines each cell set unbroken (class
// `short`) is drawn. Writes the figures as JSON into a `pre` element (id
// `zhpress-measure`) at the end of the body, which a driver reads.
document.fonts.ready.then(() => {
  // The lines a cell's text is drawn on: its text fragments' distinct tops.
  const lines = (cell) => {
    const tops = [];
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(t);
      for (const r of range.getClientRects()) {
        if (r.width > 0) tops.push(r.top);
      }
    }
    tops.sort((a, b) => a - b);
    const half = parseFloat(getComputedStyle(cell).fontSize) / 2;
    return tops.filter((top, i) => i === 0 || top - tops[i - 1] > half).length;
  };
  const body = document.body;
  const edge = body.getBoundingClientRect().right;
  const boxes = [...document.querySelectorAll('div.table')].map((box) => ({
    scroll: box.scrollWidth,
    client: box.clientWidth,
    past: box.getBoundingClientRect().right - edge,
    focusable: box.tabIndex >= 0,
  }));
  const short = [...document.querySelectorAll('td.short, th.short')].map((cell) => ({
    text: cell.textContent,
    lines: lines(cell),
    breaks: cell.querySelectorAll('br').length,
  }));
  const out = {
    width: body.clientWidth,
    content: body.scrollWidth,
    boxes,
    short,
  };
  const pre = document.createElementNS('http://www.w3.org/1999/xhtml', 'pre');
  pre.id = 'zhpress-measure';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
