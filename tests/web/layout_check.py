"""The layout assertion the browser test runs on every page, at a laptop's and a phone's width.

Run in the page (Playwright's `page.evaluate`), it returns what is wrong, as text:
- the page or its main column scrolls sideways;
- an element is narrower than its content (its text or its children stick out of it),
  or sticks out of the main column;
- a date (`<time>`) wraps onto two lines;
- a table cell on a narrow screen has no label (`data-label`) to say what it holds;
- chart text is smaller than 9 CSS pixels as drawn, or overlaps other chart text.
"""

LAYOUT_JS = r"""
() => {
  const problems = [];
  const name = el => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (el.classList.length) s += '.' + [...el.classList].join('.');
    const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return text ? `${s} "${text}"` : s;
  };
  const root = document.documentElement;
  const main = document.querySelector('main');
  if (root.scrollWidth > root.clientWidth + 1) problems.push(`the page scrolls sideways: ${root.scrollWidth}px in ${root.clientWidth}px`);
  if (main.scrollWidth > main.clientWidth + 1) problems.push(`main overflows: ${main.scrollWidth}px in ${main.clientWidth}px`);
  const edge = main.getBoundingClientRect().right + 1;
  for (const el of main.querySelectorAll('*')) {
    if (el.closest('svg') || el.closest('.visually-hidden')) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    if (rect.right > edge) problems.push(`${name(el)} sticks out of main by ${Math.round(rect.right - edge)}px`);
    if (style.display !== 'inline' && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
      problems.push(`${name(el)} is narrower (${el.clientWidth}px) than its content (${el.scrollWidth}px)`);
  }
  for (const t of main.querySelectorAll('time')) {
    if (t.getClientRects().length > 1) problems.push(`${name(t)} wraps`);
  }
  if (root.clientWidth < 640) {
    for (const td of main.querySelectorAll('table.measures td')) {
      if (getComputedStyle(td).display === 'none' || !td.textContent.trim()) continue;
      if (!td.dataset.label && !td.closest('tr.evidence-row')) problems.push(`${name(td)} has no label on a phone`);
    }
  }
  for (const svg of main.querySelectorAll('svg')) {
    const texts = [...svg.querySelectorAll('text')].map(t => [t, t.getBoundingClientRect()]).filter(([, r]) => r.width > 0);
    for (const [t, r] of texts) if (r.height < 9) problems.push(`chart text "${t.textContent}" is ${r.height.toFixed(1)}px high`);
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
      const [a, ra] = texts[i], [b, rb] = texts[j];
      const overlap = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left) > 1 && Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top) > 1;
      if (overlap) problems.push(`chart text "${a.textContent}" overlaps "${b.textContent}"`);
    }
  }
  return problems;
}
"""
