// The report's only script: sorting, filtering and expanding the bucket table. It carries no data
// (the CSP admits it by hash) and reads the page through dataset/textContent only, never innerHTML.
export const CLIENT_SCRIPT = `(() => {
  'use strict';
  const table = document.getElementById('buckets');
  const filterText = document.getElementById('filter-text');
  const filterSeverity = document.getElementById('filter-severity');
  const shownCount = document.getElementById('shown-count');
  if (!table || !filterText || !filterSeverity || !shownCount) return;
  const groups = () => Array.from(table.tBodies);

  const applyFilter = () => {
    const query = filterText.value.trim().toLowerCase();
    const minimum = Number(filterSeverity.value);
    let shown = 0;
    for (const group of groups()) {
      const visible = (query === '' || (group.dataset.search || '').includes(query)) && Number(group.dataset.severity) >= minimum;
      group.hidden = !visible;
      if (visible) shown += 1;
    }
    shownCount.textContent = String(shown);
  };
  filterText.addEventListener('input', applyFilter);
  filterSeverity.addEventListener('change', applyFilter);

  const compare = (key, numeric) => (a, b) => {
    const x = a.dataset[key] || '';
    const y = b.dataset[key] || '';
    if (!numeric) return x.localeCompare(y);
    // Buckets without a score (no CORS, unknown) sort after every scored bucket.
    if (x === '' || y === '') return (x === '') - (y === '');
    return Number(x) - Number(y);
  };
  for (const header of table.tHead.querySelectorAll('th[data-sort]')) {
    const button = header.querySelector('button');
    if (!button) continue;
    button.addEventListener('click', () => {
      const ascending = header.getAttribute('aria-sort') !== 'ascending';
      for (const other of table.tHead.querySelectorAll('th[data-sort]')) other.removeAttribute('aria-sort');
      header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      const sorted = groups().sort(compare(header.dataset.sort, header.dataset.numeric === 'true'));
      if (!ascending) sorted.reverse();
      for (const group of sorted) table.appendChild(group);
    });
  }

  table.addEventListener('click', (event) => {
    const toggle = event.target instanceof Element ? event.target.closest('button.toggle') : null;
    if (!toggle) return;
    const detail = toggle.closest('tbody').querySelector('tr.detail');
    const expanded = toggle.getAttribute('aria-expanded') === 'true';
    toggle.setAttribute('aria-expanded', String(!expanded));
    detail.hidden = expanded;
  });
  applyFilter();
})();`;
