// The area picker, enhanced: as one types a name in an area field
// (`data-area-search`, its value the level asked), the areas that fit are
// offered in the field's <datalist>. Without this script the server reads the
// name and asks which area is meant.
(function () {
  'use strict';
  var timers = new WeakMap();
  async function suggest(input) {
    var q = input.value.trim();
    var list = document.getElementById(input.getAttribute('list'));
    if (!list || q.length < 3 || /\(\d[\d.]*\)$/.test(q)) return;
    var params = new URLSearchParams({ q: q });
    if (input.dataset.areaSearch) params.set('level', input.dataset.areaSearch);
    try {
      var res = await fetch('/api/v1/areas/search?' + params.toString(), {
        headers: { Accept: 'application/json' },
        credentials: 'omit',
      });
      if (!res.ok) return;
      var found = await res.json();
      list.replaceChildren.apply(list, found.items.map(function (a) {
        var option = document.createElement('option');
        option.value = a.label;
        return option;
      }));
    } catch (e) {
      // Offline or refused: the server still reads a typed name.
    }
  }
  document.addEventListener('input', function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.hasAttribute('data-area-search')) return;
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(function () { suggest(input); }, 250));
  });
})();
