// Careers: search as you type and live category filters on the search page.
//
// The page works without this script: the search box and the category
// checkboxes belong to one GET form, and every result page is a link. With
// the script, typing (debounced) and ticking a category ask the JSON API
// (/api/search) and redraw the results in place, cancelling any request that
// a newer one made stale. Results are built with DOM calls and textContent;
// highlighted fragments are split on <mark> and </mark>, and only those
// become elements: everything else is inserted as text. Each hit's "Why:"
// line is worded from the API's explanation (explain=true) as the server
// words it.
(function () {
  'use strict';

  document.documentElement.classList.add('js');

  var DEBOUNCE_MS = 200;
  var MAX_FRAGMENTS = 3;
  // The order and labels of highlighted fields; internal/web/search.go uses
  // the same.
  // The fields whose passages a hit shows, in the order that breaks ties
  // (career.PassageFields in internal/career/passage.go).
  var FIELDS = ['duties', 'summary', 'workplace', 'specialisations', 'aliases'];
  var LABELS = {
    aliases: 'Also known as',
    specialisations: 'Specialisation',
    duties: 'Duty',
    summary: 'Summary',
    workplace: 'Workplace'
  };

  // The "Why:" line of a hit, worded as whyLine in internal/web/why.go:
  // fields in plain words, how the words matched, whole percents.
  var MAX_WHY = 3;
  // At most this many careers or words are named for one raise.
  var MAX_RAISE_NAMES = 3;
  var WHY_FIELDS = {
    title: 'title',
    aliases: 'other titles',
    specialisations: 'specialisations',
    duties: 'duties',
    summary: 'summary',
    workplace: 'workplace',
    skills: 'skills'
  };
  var WHY_VIAS = {
    phrase: ' as a phrase',
    stem: ' in another form',
    typo: ' after a spelling fix',
    part: ' as part of a longer word',
    synonym: ' through a synonym',
    related: ' through a related job name'
  };

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // decodeEntities turns the character references of escaped text back into
  // characters, for insertion as text.
  function decodeEntities(s) {
    return s.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, function (m, e) {
      switch (e) {
        case 'amp': return '&';
        case 'lt': return '<';
        case 'gt': return '>';
        case 'quot': return '"';
        case 'apos': return '\'';
      }
      var code = e.charAt(1) === 'x' || e.charAt(1) === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      try {
        return String.fromCodePoint(code);
      } catch (err) {
        return m;
      }
    });
  }

  // appendFragment adds an escaped fragment with <mark> highlights to parent.
  // Only <mark> and </mark> become elements, opening and closing in turn; any
  // other markup is shown as text.
  function appendFragment(parent, fragment) {
    var open = null;
    String(fragment).split(/(<mark>|<\/mark>)/).forEach(function (part) {
      if (part === '<mark>') {
        if (!open) {
          open = el('mark');
          parent.appendChild(open);
        }
      } else if (part === '</mark>') {
        open = null;
      } else if (part) {
        (open || parent).appendChild(document.createTextNode(decodeEntities(part)));
      }
    });
  }

  function plainFragment(fragment) {
    return decodeEntities(String(fragment).replace(/<\/?mark>/g, ''));
  }

  // clampShare clamps a share of the score to 0..1 (0 for NaN).
  function clampShare(s) {
    if (!(s > 0)) return 0;
    return s > 1 ? 1 : s;
  }

  // uniqueNonEmpty drops empty and repeated strings, keeping the order.
  function uniqueNonEmpty(vs) {
    var seen = {};
    var out = [];
    vs.forEach(function (v) {
      if (v && !Object.prototype.hasOwnProperty.call(seen, v)) {
        seen[v] = true;
        out.push(v);
      }
    });
    return out;
  }

  // whyLine says why a hit matched, or '' when it carries no explanation.
  function whyLine(hit) {
    var exps = [];
    (hit.explain || []).forEach(function (e, i) {
      var words = uniqueNonEmpty(e.matched || []);
      if (words.length) exps.push({ field: e.field, via: e.via, share: clampShare(e.share), words: words, i: i });
    });
    exps.sort(function (a, b) { return b.share - a.share || a.i - b.i; });
    var parts = exps.slice(0, MAX_WHY).map(function (e) {
      var field = Object.prototype.hasOwnProperty.call(WHY_FIELDS, e.field) ? WHY_FIELDS[e.field] : e.field;
      var via = Object.prototype.hasOwnProperty.call(WHY_VIAS, e.via) ? WHY_VIAS[e.via] : '';
      var quoted = e.via === 'phrase' ? '\u201c' + e.words.join(' ') + '\u201d' : '\u201c' + e.words.join('\u201d, \u201c') + '\u201d';
      return field + ' \u2014 ' + quoted + via + ' (' + Math.round(e.share * 100) + '%)';
    });
    (hit.raised || []).forEach(function (r) {
      var names = [], before, after;
      if (r.by === 'related') {
        names = (r.careers || []).map(function (c) { return c.title; });
        before = 'related to ';
        after = ' among the first hits';
      } else if (r.by === 'feedback') {
        names = r.words || [];
        before = 'shares ';
        after = ' with the first hits\u2019 best duties';
      }
      names = uniqueNonEmpty(names);
      if (!names.length || !(r.factor > 1)) return;
      var quoted = '\u201c' + names.slice(0, MAX_RAISE_NAMES).join('\u201d, \u201c') + '\u201d';
      if (names.length > MAX_RAISE_NAMES) quoted += ' and ' + (names.length - MAX_RAISE_NAMES) + ' more';
      parts.push(before + quoted + after + ' (\u00d7' + String(Math.round(r.factor * 100) / 100) + ')');
    });
    return parts.length ? 'Why: ' + parts.join(' \u00b7 ') : '';
  }

  function searchURL(text, categories, page, size, skills) {
    var p = new URLSearchParams();
    if (text) p.append('q', text);
    categories.forEach(function (c) { p.append('category', c); });
    (skills || []).forEach(function (k) { p.append('skill', k); });
    if (page > 1) p.append('page', String(page));
    if (size) p.append('size', size);
    var s = p.toString();
    return s ? '/?' + s : '/';
  }

  function careerURL(id, text) {
    var u = '/careers/' + encodeURIComponent(id);
    return text ? u + '?q=' + encodeURIComponent(text) : u;
  }

  function plural(n, one, many) {
    return n === 1 ? '1 ' + one : n + ' ' + many;
  }

  // heading and meta word the result as internal/web/search.go does.
  function heading(total, text, cats) {
    var inCats = cats === 1 ? ' in 1 category' : cats > 1 ? ' in ' + cats + ' categories' : '';
    if (!text && !cats) return 'All careers';
    if (!text && total === 0) return 'No careers' + inCats;
    if (!text) return plural(total, 'career', 'careers') + inCats;
    if (total === 0) return 'No careers match “' + text + '”' + inCats;
    if (total === 1) return '1 career matches “' + text + '”' + inCats;
    return total + ' careers match “' + text + '”' + inCats;
  }

  function formatTook(ms) {
    if (ms < 0.01) return 'under 0.01 ms';
    if (ms < 10) return ms.toFixed(2) + ' ms';
    if (ms < 1000) return ms.toFixed(0) + ' ms';
    return (ms / 1000).toFixed(2) + ' s';
  }

  // pageNumbers lists the pages to link, with 0 for a gap.
  function pageNumbers(page, last) {
    var out = [];
    var prev = 0;
    for (var n = 1; n <= last; n++) {
      if (n === 1 || n === last || (n >= page - 2 && n <= page + 2)) {
        if (prev !== 0 && n > prev + 1) out.push(n === prev + 2 ? prev + 1 : 0);
        out.push(n);
        prev = n;
      }
    }
    return out;
  }

  function init() {
    if (!document.body.hasAttribute('data-live')) return;
    var form = document.getElementById('search');
    var input = document.getElementById('q');
    var results = document.getElementById('results');
    var facets = document.getElementById('facets');
    var skillFacets = document.getElementById('skill-facets');
    var live = document.getElementById('live-status');
    if (!form || !input || !results || !facets) return;

    var timer = 0;
    var controller = null;
    var seq = 0;
    var rendered = 0;
    var lastKey = state().params.toString();

    function checkboxes() {
      return Array.prototype.slice.call(facets.querySelectorAll('input[name="category"]'));
    }

    function skillBoxes() {
      return skillFacets ? Array.prototype.slice.call(skillFacets.querySelectorAll('input[name="skill"]')) : [];
    }

    // state reads the form: the query, the ticked categories and skills,
    // and the size.
    function state() {
      var text = input.value.trim();
      var cats = [];
      checkboxes().forEach(function (cb) {
        if (cb.checked) cats.push(cb.value);
      });
      var skills = [];
      skillBoxes().forEach(function (cb) {
        if (cb.checked) skills.push(cb.value);
      });
      var sizeInput = form.querySelector('input[name="size"]');
      var size = sizeInput ? sizeInput.value : '';
      var p = new URLSearchParams();
      if (text) p.append('q', text);
      cats.forEach(function (c) { p.append('category', c); });
      skills.forEach(function (k) { p.append('skill', k); });
      if (size) p.append('size', size);
      return { text: text, cats: cats, skills: skills, size: size, params: p };
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    }

    function run() {
      clearTimeout(timer);
      var s = state();
      var key = s.params.toString();
      if (key === lastKey) return;
      lastKey = key;
      if (controller) controller.abort();
      controller = new AbortController();
      var mine = ++seq;
      results.setAttribute('aria-busy', 'true');
      // The API explains each hit only when asked; the address keeps
      // the search's own parameters.
      var api = new URLSearchParams(s.params);
      api.append('explain', 'true');
      fetch('/api/search?' + api.toString(), {
        signal: controller.signal,
        headers: { Accept: 'application/json' }
      }).then(function (resp) {
        return resp.json().then(function (body) {
          return { ok: resp.ok, body: body };
        });
      }).then(function (r) {
        if (mine !== seq) return;
        if (r.ok) {
          render(r.body, s);
          history.replaceState(null, '', searchURL(s.text, s.cats, 1, s.size, s.skills));
        } else {
          lastKey = null;
          renderError(r.body && r.body.error ? r.body.error.message : 'The search failed.');
        }
      }).catch(function (err) {
        if (err.name === 'AbortError' || mine !== seq) return;
        lastKey = null;
        renderError('The search failed. Check your connection and try again.');
      }).then(function () {
        if (mine === seq) results.removeAttribute('aria-busy');
      });
    }

    function summary(headingText, metaText, noticeText, suggestion) {
      var box = el('div', 'results-summary');
      var h = el('h1', 'results-heading', headingText);
      h.id = 'results-heading';
      box.appendChild(h);
      box.appendChild(el('p', 'results-meta', metaText));
      if (noticeText) {
        var n = el('p', 'results-notice', noticeText);
        n.setAttribute('role', 'status');
        box.appendChild(n);
      }
      if (suggestion) box.appendChild(suggestion);
      return box;
    }

    // didYouMean offers the query the engine suggests, linking its search
    // with the same categories and size, as internal/web/search.go does;
    // null when there is none.
    function didYouMean(res, s) {
      if (!res.did_you_mean) return null;
      var p = el('p', 'results-notice did-you-mean');
      p.setAttribute('role', 'status');
      var a = el('a', '', res.did_you_mean);
      a.href = searchURL(res.did_you_mean, s.cats, 1, s.size, s.skills);
      p.appendChild(document.createTextNode('Did you mean '));
      p.appendChild(a);
      p.appendChild(document.createTextNode('?'));
      return p;
    }

    // notice words what the engine changed about the query, as
    // internal/web/search.go does.
    function notice(res) {
      if (res.corrected) return 'Showing results for \u201c' + res.corrected + '\u201d: no career uses some of the words as typed.';
      if (res.meant && res.meant.length && res.total > 0) return 'Searched ' + meanings(res.meant) + '.';
      if (res.relaxed === 'phrases') return 'No career has the quoted words in that order; showing careers with the words apart.';
      if (res.relaxed) return 'No career has every required word; showing careers with some of them.';
      if (res.unclosed_quote) return 'The quote mark in your search is never closed, so its words were searched one by one.';
      if (res.missing && res.missing.length && res.total > 0) return 'No career here mentions ' + quoteWords(res.missing) + '; these careers match your other words.';
      return '';
    }

    // noResults says why a search found nothing, as internal/web/search.go
    // does.
    function noResults(res) {
      if (res.meant && res.meant.length) return 'Searched ' + meanings(res.meant) + ', and no career here mentions it. Try other words for what you are looking for.';
      if (res.missing && res.missing.length) return 'No career here mentions ' + quoteWords(res.missing) + '. Try other words for what you are looking for.';
      return 'Check the spelling, or try fewer or more general words.';
    }

    // meanings words what everyday phrases were searched as, as
    // internal/web/search.go does.
    function meanings(ms) {
      return ms.map(function (m) { return '\u201c' + m.typed + '\u201d as \u201c' + m.searched + '\u201d'; }).join(', ');
    }

    function quoteWords(ws) {
      var q = ws.map(function (w) { return '\u201c' + w + '\u201d'; });
      if (q.length === 1) return q[0];
      return q.slice(0, -1).join(', ') + ' or ' + q[q.length - 1];
    }

    function done(nodes, announce) {
      results.replaceChildren.apply(results, nodes);
      rendered++;
      results.setAttribute('data-rendered', String(rendered));
      live.textContent = announce;
    }

    function renderError(message) {
      done([summary('That search could not be run', message)], message);
    }

    // passages picks a hit's passages as career.Passages does: the most
    // distinct words marked first, then by FIELDS, then in order.
    function passages(hl) {
      var all = [];
      FIELDS.forEach(function (f) {
        (hl[f] || []).forEach(function (frag) {
          all.push({field: f, frag: frag, words: markedWords(frag), at: all.length});
        });
      });
      all.sort(function (a, b) { return b.words - a.words || a.at - b.at; });
      return all.slice(0, MAX_FRAGMENTS);
    }

    function markedWords(frag) {
      var seen = {}, n = 0, re = /<mark>(.*?)(?:<\/mark>|$)/g, m;
      while ((m = re.exec(frag)) !== null) {
        var w = m[1].toLowerCase();
        if (!seen[w]) { seen[w] = true; n++; }
        if (m[0] === '') re.lastIndex++;
      }
      return n;
    }

    function renderHit(hit, text) {
      var li = el('li', 'hit');
      var h = el('h2', 'hit-title');
      var a = el('a');
      a.href = careerURL(hit.id, text);
      var hl = hit.highlights || {};
      if (hl.title && hl.title.length && plainFragment(hl.title[0]) === hit.title) {
        appendFragment(a, hl.title[0]);
      } else {
        a.textContent = hit.title;
      }
      h.appendChild(a);
      li.appendChild(h);
      li.appendChild(el('p', 'category-badge', hit.category));
      if (hl.skills && hl.skills.length) {
        var chips = el('ul', 'skill-chips');
        chips.setAttribute('aria-label', 'Matched skills');
        hl.skills.forEach(function (frag) {
          var chip = el('li', 'skill-chip');
          appendFragment(chip, frag);
          chips.appendChild(chip);
        });
        li.appendChild(chips);
      }
      var shown = 0;
      passages(hl).forEach(function (ps) {
        var p = el('p', 'fragment');
        if (text) {
          p.appendChild(el('span', 'fragment-label', LABELS[ps.field]));
          p.appendChild(document.createTextNode(' '));
        }
        appendFragment(p, ps.frag);
        li.appendChild(p);
        shown++;
      });
      if (shown === 0 && hit.summary) li.appendChild(el('p', 'fragment', hit.summary));
      var why = whyLine(hit);
      if (why) li.appendChild(el('p', 'why', why));
      return li;
    }

    function stepLink(label, href, rel) {
      var arrow = el('span', '', rel === 'prev' ? '←' : '→');
      arrow.setAttribute('aria-hidden', 'true');
      var node;
      if (href) {
        node = el('a', 'pager-step');
        node.href = href;
        node.rel = rel;
      } else {
        node = el('span', 'pager-step');
        node.setAttribute('aria-disabled', 'true');
      }
      if (rel === 'prev') {
        node.appendChild(arrow);
        node.appendChild(document.createTextNode(' ' + label));
      } else {
        node.appendChild(document.createTextNode(label + ' '));
        node.appendChild(arrow);
      }
      return node;
    }

    function renderPager(res, s) {
      var size = res.size;
      if (!size || !res.total) return null;
      var last = Math.ceil(res.total / size);
      var page = res.page;
      if (last <= 1 && page <= 1) return null;
      var nav = el('nav', 'pager');
      nav.setAttribute('aria-label', 'Result pages');
      nav.appendChild(stepLink('Previous', page > 1 ? searchURL(s.text, s.cats, Math.min(page - 1, last), s.size, s.skills) : '', 'prev'));
      if (last > 1) {
        var ul = el('ul', 'pager-pages');
        pageNumbers(page, last).forEach(function (n) {
          var li = el('li');
          if (n === 0) {
            var gap = el('span', 'pager-gap', '…');
            gap.setAttribute('aria-hidden', 'true');
            li.appendChild(gap);
          } else {
            var a = el('a', '', String(n));
            a.href = searchURL(s.text, s.cats, n, s.size, s.skills);
            a.setAttribute('aria-label', 'Page ' + n);
            if (n === page) a.setAttribute('aria-current', 'page');
            li.appendChild(a);
          }
          ul.appendChild(li);
        });
        nav.appendChild(ul);
      }
      nav.appendChild(stepLink('Next', page < last ? searchURL(s.text, s.cats, page + 1, s.size, s.skills) : '', 'next'));
      return nav;
    }

    function updateFacets(values) {
      var counts = {};
      (values || []).forEach(function (v) { counts[v.value] = v.count; });
      var known = {};
      checkboxes().forEach(function (cb) {
        known[cb.value] = true;
        var n = counts[cb.value] || 0;
        var label = cb.closest('label');
        label.querySelector('.facet-count').textContent = String(n);
        label.classList.toggle('facet-empty', n === 0);
      });
      // A category the page did not know (the index was rebuilt): add it.
      (values || []).forEach(function (v) {
        if (known[v.value]) return;
        facets.appendChild(facetItem('category', v, false, ' careers'));
      });
    }

    // facetItem is one facet checkbox of the search form: name=value, with
    // the count and, for screen readers, what the count counts.
    function facetItem(name, v, checked, counted) {
      var li = el('li');
      var label = el('label', 'facet' + (v.count ? '' : ' facet-empty'));
      var cb = el('input');
      cb.type = 'checkbox';
      cb.name = name;
      cb.value = v.value;
      cb.checked = checked;
      cb.setAttribute('form', 'search');
      label.appendChild(cb);
      label.appendChild(document.createTextNode(' '));
      label.appendChild(el('span', 'facet-name', v.value));
      label.appendChild(document.createTextNode(' '));
      label.appendChild(el('span', 'facet-count', String(v.count)));
      label.appendChild(el('span', 'visually-hidden', counted));
      li.appendChild(label);
      return li;
    }

    // updateSkills lists the result's skills facet afresh: the skills
    // differ from one query to the next, unlike the categories.
    function updateSkills(values) {
      if (!skillFacets) return;
      while (skillFacets.firstChild) skillFacets.removeChild(skillFacets.firstChild);
      (values || []).forEach(function (v) {
        skillFacets.appendChild(facetItem('skill', v, !!v.selected, ' of the first careers list it'));
      });
      var empty = !(values && values.length);
      var fieldset = document.getElementById('skill-fieldset');
      var headingEl = document.getElementById('skills-heading');
      if (fieldset) fieldset.hidden = empty;
      if (headingEl) headingEl.hidden = empty;
    }

    function render(res, s) {
      var total = res.total || 0;
      var hits = res.hits || [];
      var nodes = [];
      var from = hits.length ? (res.page - 1) * res.size + 1 : 0;
      var took = formatTook(res.took_ms || 0);
      var metaText;
      if (total === 0) metaText = 'Searched in ' + took;
      else if (!from) metaText = 'Page ' + res.page + ' is past the last page · ' + took;
      else metaText = 'Showing ' + from + '–' + (from + hits.length - 1) + ' of ' + total + ' · ' + took;
      var headingText = heading(total, s.text, s.cats.length);
      nodes.push(summary(headingText, metaText, notice(res), didYouMean(res, s)));

      if (total === 0) {
        var box = el('div', 'no-results');
        var p = el('p');
        if (s.cats.length || s.skills.length) {
          p.appendChild(document.createTextNode('The filters may be hiding matches. Remove some filters, or '));
          var a = el('a', '', 'search all categories');
          a.href = searchURL(s.text, [], 1, s.size);
          p.appendChild(a);
          p.appendChild(document.createTextNode('.'));
        } else {
          p.textContent = noResults(res);
        }
        box.appendChild(p);
        var all = el('p');
        var allLink = el('a', '', 'Browse all careers');
        allLink.href = '/';
        all.appendChild(allLink);
        box.appendChild(all);
        nodes.push(box);
      }
      if (hits.length) {
        var ol = el('ol', 'hits');
        hits.forEach(function (hit) { ol.appendChild(renderHit(hit, s.text)); });
        nodes.push(ol);
      }
      var pager = renderPager(res, s);
      if (pager) nodes.push(pager);

      updateFacets(res.facets && res.facets.category);
      updateSkills(res.facets && res.facets.skills);
      document.title = (s.text ? '“' + s.text + '” · ' : s.cats.length ? s.cats.join(', ') + ' · ' : '') + (document.body.dataset.site || 'Careers');
      done(nodes, headingText + '. ' + metaText);
    }

    input.addEventListener('input', schedule);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      run();
    });
    facets.addEventListener('change', function (ev) {
      if (ev.target && ev.target.name === 'category') run();
    });
    if (skillFacets) {
      skillFacets.addEventListener('change', function (ev) {
        if (ev.target && ev.target.name === 'skill') run();
      });
    }
    // "/" moves the focus to the search box, as on many search sites.
    document.addEventListener('keydown', function (ev) {
      if (ev.key !== '/' || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      var t = ev.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      ev.preventDefault();
      input.focus();
      input.select();
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
