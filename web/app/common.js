// Shared by the planner and caseworker pages: language, texts from /api/texts, the token and
// authenticated JSON requests.
'use strict';
const praksis = (() => {
  const params = new URLSearchParams(location.search);
  const lang = params.get('lang') === 'en' ? 'en' : 'da';
  document.documentElement.lang = lang;
  let texts = {};
  const t = (key) => texts[key] || key;
  async function loadTexts() {
    const r = await fetch('/api/texts?lang=' + lang);
    texts = (await r.json()).texts;
    document.querySelectorAll('[data-t]').forEach((el) => { el.textContent = t(el.dataset.t); });
    document.title = t(document.body.dataset.title || 'web.title');
  }
  const token = () => sessionStorage.getItem('praksis.token') || '';
  class HttpError extends Error {
    constructor(status, body) { super((body && body.error) || ('HTTP ' + status)); this.status = status; this.body = body; }
  }
  async function api(path, options = {}) {
    const headers = Object.assign({ Authorization: 'Bearer ' + token() }, options.headers || {});
    // Answers (decision reasons, errors) in the page's language.
    const url = path + (path.includes('?') ? '&' : '?') + 'lang=' + lang;
    const r = await fetch(url, Object.assign({}, options, { headers }));
    const body = await r.json().catch(() => null);
    if (!r.ok) throw new HttpError(r.status, body);
    return body;
  }
  function showMessage(text) {
    const m = document.getElementById('message');
    m.textContent = text;
    m.hidden = false;
  }
  function needLogin(onLogin) {
    const f = document.getElementById('login');
    f.hidden = false;
    f.onsubmit = (e) => {
      e.preventDefault();
      sessionStorage.setItem('praksis.token', document.getElementById('token').value);
      location.reload();
    };
    if (onLogin) onLogin();
  }
  const num = (v, digits = 2) => (v === null || v === undefined) ? '–'
    : Number(v).toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: digits });
  return { lang, t, loadTexts, token, api, showMessage, needLogin, num, HttpError };
})();
