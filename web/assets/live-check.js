// Live compliance check on the drafting pages: a moment after an answer changes, the unsaved
// form is checked on the server (nothing is saved) and the findings replace the live panel.
const form = document.querySelector('form[data-live-check]');
const panel = document.getElementById('live-check');
if (form && panel) {
  let timer = 0;
  let latest = 0;
  const run = async () => {
    const ticket = ++latest;
    panel.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch(form.getAttribute('data-live-check'), {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        credentials: 'same-origin',
      });
      // A slower earlier answer must not overwrite a newer one.
      if (ticket === latest && response.ok) {
        panel.innerHTML = await response.text();
        // The narrow screens' summary bar repeats the counts ("1 error, 1 warning, 0 notes if saved now.").
        const summary = document.getElementById('live-summary');
        const counts = panel.querySelector('p');
        if (summary && counts) summary.textContent = `Live check: ${counts.textContent.trim()} See the findings.`;
      }
    } finally {
      if (ticket === latest) panel.removeAttribute('aria-busy');
    }
  };
  const schedule = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 600);
  };
  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
}
