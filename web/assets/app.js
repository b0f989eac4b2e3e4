// clausewright — the only client script: visible progress on slow submits, and confirmations.
// Every form works without it.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const question = form.getAttribute('data-confirm');
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }
  if (form.hasAttribute('data-progress')) {
    form.classList.add('busy');
    form.setAttribute('aria-busy', 'true');
    for (const button of form.querySelectorAll('button[type=submit]')) button.setAttribute('disabled', '');
  }
});

// Answers that apply to one choice only (data-show-when="feeModel=per-provider,…") are hidden
// while another is chosen. Without script they all stay visible, each saying when it applies.
function applyShownWhen(form) {
  for (const block of form.querySelectorAll('[data-show-when]')) {
    const [name, values] = block.getAttribute('data-show-when').split('=');
    const control = form.querySelector(`[name="${name}"]`);
    if (control) block.hidden = !values.split(',').includes(control.value);
  }
}
for (const form of document.querySelectorAll('form')) {
  if (!form.querySelector('[data-show-when]')) continue;
  applyShownWhen(form);
  form.addEventListener('change', () => applyShownWhen(form));
}

// "Copy link" buttons (data-copy = the id of the element whose text is copied); shown only with script.
for (const button of document.querySelectorAll('button[data-copy]')) {
  button.hidden = false;
  button.addEventListener('click', async () => {
    const source = document.getElementById(button.getAttribute('data-copy'));
    if (!source) return;
    try {
      await navigator.clipboard.writeText(source.textContent.trim());
      button.textContent = 'Copied';
    } catch {
      window.getSelection().selectAllChildren(source);
    }
  });
}

// A finding's "Go to the question" link (findings.tsx), or a form's error summary linking to its field
// (error-views.tsx): the field gets the focus, not only the scroll.
document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a[data-jump]') : null;
  const field = link && document.getElementById(link.getAttribute('data-jump'));
  if (field) setTimeout(() => field.focus({ preventScroll: false }), 0);
});

// Arriving from a finding's "Change it on the matter" link (/matters/:id/edit#m-…): the matter
// fact's field gets the focus as well as the :target outline. Only form fields and the lists'
// fieldsets (tabindex=-1) take it, so other anchors (#invite-client, #calendar-link) just scroll.
(() => {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id && document.getElementById(id);
  if (target && target.closest('form') && target.matches('input, select, textarea, fieldset[tabindex]')) target.focus();
})();
