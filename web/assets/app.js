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
