// The planner page: the map of kommune areas coloured by a survey figure, region filter, a panel
// with a kommune's figures and their parts, a sortable table and the what-if form (docs/web.md).
'use strict';
(async () => {
  const { t, api, num } = praksis;
  // The figures the map colours by: an id (text key web.f.<id>) and the path of the figure in
  // the survey's JSON form (praksis survey --format json, docs/survey.md), {value, numerator,
  // denominator}.
  const FIGURE_PATHS = {
    s4_without_two_open_choices_share: 's4.without_two_open_choices_share',
    s1_patients_per_capacity: 's1.patients_per_capacity',
    s1_unfilled_capacity_share: 's1.unfilled_capacity_share',
    s2_weighted_patients_per_capacity: 's2.weighted_patients_per_capacity',
    s3_open_clinic_share: 's3.open_clinic_share',
    s4_mean_nearest_open_km: 's4.nearest_open.mean_km',
    s5_senior_doctor_share: 's5.senior_doctor_share',
    s5_temporary_form_share: 's5.temporary_form_share',
    s6_e2sfca_relative: 's6.e2sfca_relative',
  };
  const FIGURES = Object.keys(FIGURE_PATHS);
  const figureOf = (figures, f) => FIGURE_PATHS[f].split('.').reduce((x, p) => (x ? x[p] : undefined), figures);
  const COLOURS = ['#fef0d9', '#fdcc8a', '#fc8d59', '#e34a33', '#b30000'];
  // The map data is requested together with the texts (first paint, bench/web.sh).
  const pending = praksis.token() ? Promise.all([api('/api/map/geometry'), api('/api/map/figures')]) : null;
  if (pending) pending.catch(() => {});
  await praksis.loadTexts();
  if (!pending) { praksis.showMessage(t('web.unauthorized')); praksis.needLogin(); return; }
  praksis.showMessage(t('web.loading'));
  let geometry, data;
  try {
    [geometry, data] = await pending;
  } catch (e) {
    praksis.showMessage((e.status === 403 ? t('web.forbidden') : t('web.unauthorized')) + ' (' + e.message + ')');
    document.body.dataset.error = String(e.status || 0);
    if (e.status === 401) praksis.needLogin();
    return;
  }
  document.getElementById('message').hidden = true;

  const byCode = new Map(data.kommuner.map((k) => [k.code, k]));
  const figureSel = document.getElementById('figure');
  for (const f of FIGURES) figureSel.add(new Option(t('web.f.' + f), f));
  const regionSel = document.getElementById('region');
  for (const r of data.regions) regionSel.add(new Option(r.name, r.code));

  const map = L.map('map', { zoomSnap: 0.25, preferCanvas: false, attributionControl: false });
  const value = (k, f) => { const x = figureOf(k.figures, f); return x && typeof x === 'object' ? x.value : x; };
  let breaks = [];
  function computeBreaks(f) {
    const vs = data.kommuner.map((k) => value(k, f)).filter((v) => v !== null).sort((a, b) => a - b);
    breaks = [1, 2, 3, 4].map((q) => vs[Math.floor(q * vs.length / 5)]);
  }
  function colour(v) {
    if (v === null || v === undefined) return '#bbbbbb';
    let i = 0;
    while (i < breaks.length && v >= breaks[i]) ++i;
    return COLOURS[i];
  }
  const land = L.geoJSON(geometry.land, { interactive: false,
    style: { color: '#5b7083', weight: 1, fillColor: '#f4f1ea', fillOpacity: 1, className: 'land' } });
  map.fitBounds(land.getBounds());  // the view first: every layer is then drawn once
  land.addTo(map);
  const style = (feature) => {
    const k = byCode.get(feature.properties.code);
    // Designated areas (D1-D3) get a dark dashed outline.
    const designated = !!(k && k.designation && k.designation.designated);
    return { color: designated ? '#1b1b1b' : '#ffffff', weight: designated ? 1.6 : 0.6,
      dashArray: designated ? '4 3' : null, fillOpacity: 0.85,
      fillColor: colour(k ? value(k, figureSel.value) : null),
      className: 'kommune k-' + feature.properties.code + (designated ? ' designated' : '') };
  };
  const kommuner = L.geoJSON(geometry.kommuner, { style, onEachFeature: (feature, layer) => {
    layer.bindTooltip(feature.properties.name, { sticky: true });
    layer.on('click', () => showPanel(feature.properties.code));
  } }).addTo(map);
  const regions = L.geoJSON(geometry.regions, { interactive: false,
    style: { color: '#203040', weight: 2, fill: false, className: 'region-border' } }).addTo(map);
  const names = L.layerGroup(data.kommuner.filter((k) => k.label).map((k) => L.marker(k.label, {
    interactive: false, icon: L.divIcon({ className: 'kname', html: k.name, iconSize: null }) })));
  // Clinics on one canvas: some 1,700 SVG circles would cost more than the rest of the map.
  const clinicCanvas = L.canvas({ padding: 0.2 });
  const clinics = L.layerGroup(data.clinics.map((c) => L.circleMarker([c.lat, c.lon], { renderer: clinicCanvas,
    radius: 2.5, weight: 0.5, color: '#222', fillColor: c.open ? '#1a9641' : '#555', fillOpacity: 1,
    className: c.open ? 'clinic open' : 'clinic closed' }).bindTooltip(
    c.name + ' (' + (c.open ? t('web.clinic_open') : t('web.clinic_closed')) + ')'))).addTo(map);
  // The S4 cells (grid cells where citizens cannot choose between two open clinics within the
  // radius), loaded the first time they are switched on; shaded by the share of such citizens.
  let cells = null;
  const cellsBox = document.getElementById('cells');
  async function showCells() {
    if (!cellsBox.checked) { if (cells) cells.remove(); return; }
    if (!cells) {
      const fc = await api('/api/map/cells');
      cells = L.geoJSON(fc, { interactive: true, style: (f) => ({ weight: 0, fillColor: '#6a1b9a',
        fillOpacity: 0.25 + 0.6 * f.properties.without_two_open_choices_share, className: 's4-cell' }),
        onEachFeature: (f, layer) => layer.bindTooltip(t('web.cell_tooltip')
          .replace('{}', num(f.properties.without_two_open_choices, 0))
          .replace('{}', num(f.properties.citizens, 0))) });
      document.body.dataset.cells = String(fc.features.length);
    }
    cells.addTo(map);
  }
  cellsBox.onchange = () => showCells().catch((e) => praksis.showMessage(e.message));
  map.on('zoomend', () => { if (map.getZoom() >= 8.5) names.addTo(map); else names.remove(); });
  computeBreaks(figureSel.value);
  kommuner.setStyle(style);
  document.body.dataset.clinics = String(clinics.getLayers().length);

  function restyle() { computeBreaks(figureSel.value); kommuner.setStyle(style); renderTable(); }
  figureSel.onchange = restyle;
  regionSel.onchange = () => {
    const r = Number(regionSel.value);
    kommuner.clearLayers();
    const feats = geometry.kommuner.features.filter((f) => !r || f.properties.region === r);
    kommuner.addData({ type: 'FeatureCollection', features: feats });
    if (feats.length) map.fitBounds(kommuner.getBounds());
    renderTable();
  };

  const panel = document.getElementById('panel');
  function showPanel(code) {
    const k = byCode.get(code);
    if (!k) return;
    let h = '<h2 id="panel-name">' + k.name + '</h2><table id="panel-figures"><tr><th></th><th>' +
      t('web.value') + '</th><th>' + t('web.parts') + '</th></tr>';
    h += '<tr><td>' + t('web.citizens') + '</td><td>' + num(k.figures.s1.citizens, 0) + '</td><td></td></tr>';
    h += '<tr><td>' + t('web.clinics') + '</td><td>' + num(k.figures.s1.clinics, 0) + '</td><td></td></tr>';
    for (const f of FIGURES) {
      const x = figureOf(k.figures, f);
      h += '<tr data-figure="' + f + '"><td>' + t('web.f.' + f) + '</td><td>' + num(x.value, 3) +
        '</td><td>' + num(x.numerator, 1) + ' / ' + num(x.denominator, 1) + '</td></tr>';
    }
    const d = k.designation;
    if (d) h += '<tr><td>' + t('web.designated') + '</td><td>' + (d.designated ? t('web.yes') : t('web.no')) +
      '</td><td>' + d.triggered.join(', ') + '</td></tr>';
    panel.innerHTML = h + '</table>';
  }

  let sortKey = 'name', sortDir = 1;
  function renderTable() {
    const table = document.getElementById('table');
    const r = Number(regionSel.value);
    const cols = ['name', 'citizens', ...FIGURES];
    table.tHead.innerHTML = '<tr>' + cols.map((c) => '<th data-key="' + c + '">' +
      (c === 'name' ? t('web.kommune') : c === 'citizens' ? t('web.citizens') : t('web.f.' + c)) +
      '</th>').join('') + '</tr>';
    const rows = data.kommuner.filter((k) => !r || k.region === r);
    const key = (k) => sortKey === 'citizens' ? k.figures.s1.citizens : value(k, sortKey) ?? -Infinity;
    const collator = new Intl.Collator(praksis.lang === 'da' ? 'da' : 'en');
    rows.sort((a, b) => (sortKey === 'name' ? collator.compare(a.name, b.name)
      : (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)) * sortDir);
    table.tBodies[0].innerHTML = rows.map((k) => '<tr data-code="' + k.code + '"><td>' + k.name + '</td><td>' +
      num(k.figures.s1.citizens, 0) + '</td>' + FIGURES.map((f) => '<td>' + num(value(k, f), 3) + '</td>').join('') +
      '</tr>').join('');
    table.tHead.querySelectorAll('th').forEach((th) => {
      th.onclick = () => { sortDir = sortKey === th.dataset.key ? -sortDir : 1; sortKey = th.dataset.key; renderTable(); };
    });
    table.tBodies[0].querySelectorAll('tr').forEach((tr) => { tr.onclick = () => showPanel(Number(tr.dataset.code)); });
  }
  renderTable();

  map.on('click', (e) => {
    document.getElementById('wi-lat').value = e.latlng.lat.toFixed(4);
    document.getElementById('wi-lon').value = e.latlng.lng.toFixed(4);
  });
  document.getElementById('whatif-form').onsubmit = async (e) => {
    e.preventDefault();
    const out = document.getElementById('whatif-result');
    const body = { lat: Number(document.getElementById('wi-lat').value),
      lon: Number(document.getElementById('wi-lon').value),
      capacities: Number(document.getElementById('wi-cap').value) };
    try {
      const r = await api('/api/whatif', { method: 'POST', body: JSON.stringify(body),
        headers: { 'Content-Type': 'application/json' } });
      const f = figureSel.value;
      let h = '<p id="whatif-kommune">' + r.kommune_name + '</p>';
      if (!r.changed.length) h += '<p>' + t('web.no_change') + '</p>';
      else {
        h += '<table id="whatif-table"><tr><th>' + t('web.kommune') + '</th><th>' + t('web.before') +
          '</th><th>' + t('web.after') + '</th></tr>';
        for (const c of r.changed) {
          h += '<tr data-code="' + c.code + '"><td>' + c.name + '</td><td>' +
            num(figureOf(c.before, f).value, 3) + '</td><td>' + num(figureOf(c.after, f).value, 3) + '</td></tr>';
          const k = byCode.get(c.code);
          if (k) k.figures = c.after;
        }
        h += '</table>';
      }
      out.innerHTML = h;
      L.circleMarker([body.lat, body.lon], { radius: 6, color: '#0050d0', className: 'clinic whatif' }).addTo(map);
      restyle();
    } catch (err) {
      out.textContent = err.message;
    }
  };

  // Print: the map is redrawn at the page's width with the whole view, then printed.
  document.getElementById('print').onclick = () => window.print();
  window.addEventListener('beforeprint', () => { map.invalidateSize(); map.fitBounds(kommuner.getBounds()); });
  window.addEventListener('afterprint', () => map.invalidateSize());

  // The "drawn" marker for tests and the first-paint benchmark.
  requestAnimationFrame(() => {
    window.praksisDrawnMs = performance.now();
    document.body.dataset.drawn = 'true';
  });
})();
