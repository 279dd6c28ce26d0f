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
  // The school's tabs fold into a menu on a phone; elsewhere (and without JavaScript) they stay open.
  var phone = window.matchMedia("(max-width: 40rem)");
  function foldMenus() {
    document.querySelectorAll("details[data-fold-on-phone]").forEach(function (menu) {
      menu.open = !phone.matches;
    });
  }
  phone.addEventListener("change", foldMenus);

  // On a phone a table becomes stacked rows (CSS: .table--stack): each cell is labelled with its
  // column's header. The roles keep it a table for screen readers once CSS displays it as blocks.
  function stackTables(root) {
    root.querySelectorAll("table.table:not(.table--stack):not(.review)").forEach(function (table) {
      var headerRow = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
      if (!headerRow) {
        return;
      }
      var headers = [];
      Array.prototype.forEach.call(headerRow.cells, function (cell) {
        for (var span = 0; span < (cell.colSpan || 1); span++) {
          headers.push(cell.textContent.trim());
        }
      });
      table.setAttribute("role", "table");
      Array.prototype.forEach.call(table.rows, function (row) {
        row.setAttribute("role", "row");
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          var inHead = row.parentNode === table.tHead;
          var isRowHeader = cell.tagName === "TH" && !inHead;
          cell.setAttribute("role", inHead ? "columnheader" : isRowHeader ? "rowheader" : "cell");
          if (!inHead && !isRowHeader && headers[column] && (cell.colSpan || 1) === 1) {
            cell.setAttribute("data-label", headers[column]);
          }
          column += cell.colSpan || 1;
        });
      });
      table.classList.add("table--stack");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    foldMenus();
    stackTables(document);
    startCounters(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) { stackTables(event.target); });
  document.addEventListener("htmx:afterSwap", function (event) { startCounters(event.target); });
})();
