/* The admin's pages (issue 15): names and roles that the markup written by Django's and
   django-import-export's own scripts leaves out, found by axe-core in tests/pages/test_axe_tour.py.
   Markup written on the server is fixed in templates/admin/ instead; these elements are made by
   the vendors' scripts in the browser (or sit in the middle of a vendor's template), so they are
   mended here, after those scripts, and again whenever the page adds some (an inline's new row). */
(function () {
  'use strict';

  // select2 (autocomplete_fields) hides the <select> and shows a combobox named only by the
  // choice shown (aria-labelledby its read-only "textbox" holding that choice), so an empty one and
  // its textbox have no name at all (axe aria-input-field-name). The field's own <label> names
  // both; the combobox's name goes on with the choice, as select2 meant.
  function nameComboboxes(root) {
    for (const select of root.querySelectorAll('select.admin-autocomplete')) {
      const container = select.nextElementSibling;
      const combo = container && container.querySelector('[role="combobox"]');
      const label = select.labels && select.labels[0];
      if (!combo || !label || combo.dataset.portalNamed) continue;
      if (!label.id) label.id = select.id + '-label';
      const shown = combo.getAttribute('aria-labelledby');
      combo.setAttribute('aria-labelledby', shown ? label.id + ' ' + shown : label.id);
      const textbox = shown && document.getElementById(shown);
      if (textbox) textbox.setAttribute('aria-labelledby', label.id);
      combo.dataset.portalNamed = '1';
    }
  }

  // SelectFilter2.js (filter_horizontal) puts aria-label on a bare <span> (the magnifier icon
  // inside the filter box's label), where ARIA forbids it (axe aria-prohibited-attr). As an image
  // the icon may carry that name, and the label then names the filter box with it.
  function iconRoles(root) {
    for (const icon of root.querySelectorAll('span.help-tooltip[aria-label]:not([role])')) {
      icon.setAttribute('role', 'img');
    }
  }

  // django-import-export's export form: the "Select all" label points at id="select-all-toggle",
  // an id its checkbox does not carry (axe label).
  function labelSelectAll(root) {
    const box = root.querySelector('input.select-toggle:not([id])');
    if (box && !document.getElementById('select-all-toggle')) box.id = 'select-all-toggle';
  }

  // On a narrow screen Django's responsive.css lets an inline's group scroll sideways; a read-only
  // inline (no field to tab to) then cannot be scrolled from the keyboard (axe
  // scrollable-region-focusable, WCAG 2.1.1). Such a group becomes a named, focusable region
  // while it scrolls, and stops being one when it no longer does (a wider window).
  const FOCUSABLE = 'a[href], button, input:not([type="hidden"]), select, textarea, [tabindex]';
  function focusableScrollers(root) {
    for (const group of root.querySelectorAll('.inline-group')) {
      const overflow = getComputedStyle(group).overflowX;
      const scrolls = (overflow === 'auto' || overflow === 'scroll') && group.scrollWidth > group.clientWidth + 1;
      const inside = Array.from(group.querySelectorAll(FOCUSABLE)).some((el) => el.getClientRects().length);
      if (scrolls && !inside) {
        const heading = group.querySelector('.inline-heading[id]');
        group.setAttribute('tabindex', '0');
        group.setAttribute('role', 'region');
        if (heading) group.setAttribute('aria-labelledby', heading.id);
        group.dataset.portalScroller = '1';
      } else if (group.dataset.portalScroller) {
        group.removeAttribute('tabindex');
        group.removeAttribute('role');
        group.removeAttribute('aria-labelledby');
        delete group.dataset.portalScroller;
      }
    }
  }

  function mend() {
    nameComboboxes(document);
    iconRoles(document);
    labelSelectAll(document);
    focusableScrollers(document);
  }

  function start() {
    mend();
    // The vendors' scripts build their widgets on jQuery's ready (after this) and again when an
    // inline's row is added: mend whatever they add (the observer hands over a batch at a time,
    // before the browser next paints; setting attributes does not wake it again).
    new MutationObserver(mend).observe(document.body, { childList: true, subtree: true });
    window.addEventListener('resize', () => focusableScrollers(document));
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
