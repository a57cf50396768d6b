// Measures the pictures of the content document it is loaded into, once its
// images and the book's fonts are in, for the EPUB picture tests: each row
// of pictures (the row box's edges, each image's box, each caption's box)
// and each picture inside text (its height against the paragraph's font
// size, and the paragraph's height against the same paragraph with a Han
// character in the picture's place). Writes the figures as JSON into a
// `pre` element (id `zhpress-measure`) at the end of the body, which a
// driver reads.
window.addEventListener('load', () => document.fonts.ready.then(() => {
  const box = (e) => {
    const r = e.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
  };
  const rows = [...document.querySelectorAll('div.figure-row')].map((row) => ({
    box: box(row),
    figures: [...row.querySelectorAll('figure')].map((f) => {
      const caption = f.querySelector('figcaption');
      return { image: box(f.querySelector('img')), caption: caption ? box(caption) : null };
    }),
  }));
  const inline = [...document.querySelectorAll('img.inline')].map((img) => {
    const p = img.closest('p');
    const q = p.cloneNode(true);
    q.querySelector('img.inline').replaceWith('印');
    p.after(q);
    const without = q.getBoundingClientRect().height;
    q.remove();
    return {
      height: img.getBoundingClientRect().height,
      em: parseFloat(getComputedStyle(p).fontSize),
      paragraph: p.getBoundingClientRect().height,
      without,
    };
  });
  const pre = document.createElement('pre');
  pre.id = 'zhpress-measure';
  pre.textContent = JSON.stringify({ rows, inline });
  document.body.appendChild(pre);
}));
