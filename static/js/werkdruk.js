/* Werkdruk: small progressive enhancements. Every page also works without this file.
 * htmx's own settings (no eval, no inline styles or scripts) are in <meta name="htmx-config">. */
(function () {
  "use strict";

  // Lets CSS show or hide things that only make sense with JavaScript (.js-only, .no-js-only).
  document.documentElement.classList.add("js");

  // htmx requests carry Django's CSRF token from <meta name="csrf-token" content="{{ csrf_token }}">.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) {
      event.detail.headers["X-CSRFToken"] = meta.content;
    }
  });

  // A form field (or a whole form) with data-autosubmit submits its form when it changes.
  // requestSubmit() fires the submit event, so htmx (hx-post on the form) and validation apply.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!(field instanceof Element) || !field.closest("[data-autosubmit]")) {
      return;
    }
    var form = field.form || field.closest("form");
    if (form) {
      form.requestSubmit();
    }
  });
})();
