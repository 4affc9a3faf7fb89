// The caseworker page (kommune role): find a citizen by pseudonymous id, the open clinics near the
// home with distances, make a choice, the decision with its rule IDs and reason, and the audit
// events of this kommune's principal (docs/web.md).
'use strict';
(async () => {
  const { t, api, num } = praksis;
  await praksis.loadTexts();
  if (!praksis.token()) { praksis.showMessage(t('web.unauthorized')); praksis.needLogin(); return; }
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
  let citizen = '';
  async function loadAudit() {
    const tbody = document.querySelector('#audit tbody');
    try {
      const r = await api('/api/audit?limit=1000');
      document.querySelector('#audit thead').innerHTML = '<tr><th>#</th><th>' + t('web.cw.citizen') +
        '</th><th>' + t('web.cw.allowed') + '</th><th>' + t('web.cw.rules') + '</th><th>' + t('web.cw.reason') + '</th></tr>';
      tbody.innerHTML = r.events.slice().reverse().map((e) => '<tr data-subject="' + esc(e.subject) + '"><td>' + e.id +
        '</td><td>' + esc(e.subject) + '</td><td>' + (e.allowed ? t('web.yes') : t('web.no')) + '</td><td>' +
        esc((e.rules || []).join(', ')) + '</td><td>' + esc(e.reason) + '</td></tr>').join('');
    } catch (e) { tbody.innerHTML = '<tr><td>' + esc(e.message) + '</td></tr>'; }
  }
  async function choose(ydernummer) {
    const out = document.getElementById('decision');
    try {
      const key = 'web-' + citizen + '-' + ydernummer + '-' + Date.now();
      const d = await api('/api/choices', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
        body: JSON.stringify({ citizen, clinic: ydernummer }) });
      out.innerHTML = '<p id="decision-allowed">' + t('web.cw.allowed') + ': ' + (d.allowed ? t('web.yes') : t('web.no')) +
        '</p><p id="decision-rules">' + t('web.cw.rules') + ': ' + esc(d.rules.join(', ')) +
        '</p><p id="decision-reason">' + esc(d.reason) + '</p>';
    } catch (e) { out.textContent = e.message; }
    loadAudit();
  }
  document.getElementById('find').onsubmit = async (e) => {
    e.preventDefault();
    citizen = document.getElementById('citizen').value.trim().toLowerCase();
    const info = document.getElementById('citizen-info');
    try {
      const c = await api('/api/citizens/' + citizen);
      info.innerHTML = '<p id="citizen-listing">' + esc(c.listing ? c.listing.name + ' (' + c.listing.ydernummer + ')' : '–') + '</p>';
      const near = await api('/api/clinics?open=true&limit=20&citizen=' + citizen);
      document.querySelector('#near thead').innerHTML = '<tr><th>' + t('web.clinics') + '</th><th>' +
        t('web.cw.distance') + '</th><th></th></tr>';
      const tbody = document.querySelector('#near tbody');
      tbody.innerHTML = near.clinics.map((k) => '<tr data-ydernummer="' + k.ydernummer + '"><td>' + esc(k.name) +
        '</td><td>' + num(k.distance_km, 1) + '</td><td><button>' + t('web.cw.choose') + '</button></td></tr>').join('');
      tbody.querySelectorAll('tr').forEach((tr) => {
        tr.querySelector('button').onclick = () => choose(Number(tr.dataset.ydernummer));
      });
    } catch (err) { info.textContent = err.message; }
  };
  loadAudit();
})();
