// The menu on a phone: without this script the "Menu" link shows the
// navigation as the page's target (#site-nav); with it, the link opens and
// closes it in place and says so (aria-expanded).
(function () {
  'use strict';
  var toggle = document.querySelector('.menu-toggle');
  var nav = document.getElementById('site-nav');
  if (!toggle || !nav) return;
  toggle.setAttribute('aria-expanded', 'false');
  toggle.addEventListener('click', function (event) {
    event.preventDefault();
    var open = !nav.classList.contains('open');
    nav.classList.toggle('open', open);
    toggle.setAttribute('aria-expanded', String(open));
    if (open) {
      var first = nav.querySelector('a');
      if (first) first.focus();
    }
  });
  var close = nav.querySelector('.menu-close');
  if (close) {
    close.addEventListener('click', function (event) {
      event.preventDefault();
      nav.classList.remove('open');
      toggle.setAttribute('aria-expanded', 'false');
      toggle.focus();
    });
  }
})();
