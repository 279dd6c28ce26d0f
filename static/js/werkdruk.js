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

  // A text with a length limit (data-maxlength) shows how many characters it has, so nobody is cut
  // off without a word: the server refuses a text that is too long with an error, it never shortens it.
  function updateCounter(counter) {
    var field = document.getElementById(counter.getAttribute("data-counter-for"));
    if (!field) {
      return;
    }
    var length = field.value.length;
    counter.querySelector("[data-count]").textContent = String(length);
    counter.classList.toggle("field__counter--over", length > Number(field.getAttribute("data-maxlength")));
  }

  function startCounters(root) {
    root.querySelectorAll("[data-counter-for]").forEach(function (counter) {
      counter.hidden = false;
      updateCounter(counter);
    });
  }

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (field instanceof Element && field.id) {
      var counter = document.querySelector('[data-counter-for="' + field.id + '"]');
      if (counter) {
        updateCounter(counter);
      }
    }
  });
  document.addEventListener("DOMContentLoaded", function () { startCounters(document); });
  document.addEventListener("htmx:afterSwap", function (event) { startCounters(event.target); });
})();
