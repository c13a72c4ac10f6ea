// Progressive enhancement only: every page reads and works without it.
// - forms with data-confirm ask before they submit (deleting a report, removing a user);
// - after HTMX replaces the check findings, screen readers hear the new count (aria-live).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm) {
    if (!window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  }
});
