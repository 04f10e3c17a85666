// Draws the report's charts (Chart.js, served from this server) from the API data embedded in the page.
// The tables beside each chart carry the same figures, so the page reads fully without this script.
(function () {
  'use strict';
  var source = document.getElementById('datos-informe');
  if (!source || typeof window.Chart === 'undefined') return;
  var data = JSON.parse(source.textContent || '{}');
  var Chart = window.Chart;
  var reduceMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  Chart.defaults.animation = reduceMotion ? false : { duration: 300 };
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.maintainAspectRatio = false;

  var COLORS = { units: '#0a58ca', revenue: '#bc4c00', CRITICAL: '#82071e', ERROR: '#cf222e', WARNING: '#bf8700' };
  var money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var integer = new Intl.NumberFormat('en-US');

  function draw(name, config) {
    var figure = document.querySelector('figure[data-chart="' + name + '"]');
    if (!figure) return;
    figure.hidden = false;
    var chart = new Chart(figure.querySelector('canvas'), config);
    figure.setAttribute('data-drawn', 'true');
    return chart;
  }

  // Units on the left axis, revenue on the right: one chart per summary (category, city, month).
  function unitsAndRevenue(name, rows, type) {
    if (!rows || rows.length === 0) return;
    draw(name, {
      type: type,
      data: {
        labels: rows.map(function (r) {
          return r.clave;
        }),
        datasets: [
          {
            label: 'Units',
            data: rows.map(function (r) {
              return r.unidades;
            }),
            backgroundColor: COLORS.units,
            borderColor: COLORS.units,
            yAxisID: 'units',
          },
          {
            label: 'Revenue',
            data: rows.map(function (r) {
              return r.ingresos;
            }),
            backgroundColor: COLORS.revenue,
            borderColor: COLORS.revenue,
            yAxisID: 'revenue',
          },
        ],
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        scales: {
          units: { position: 'left', beginAtZero: true, title: { display: true, text: 'Units' } },
          revenue: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: 'Revenue' } },
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: function (c) {
                return c.dataset.label + ': ' + (c.dataset.yAxisID === 'revenue' ? money.format(c.parsed.y) : integer.format(c.parsed.y));
              },
            },
          },
        },
      },
    });
  }

  // Quarantined rows by reason, stacked by file.
  var files = data.archivos || [];
  var reasons = [];
  files.forEach(function (f) {
    Object.keys(f.razones).forEach(function (r) {
      if (reasons.indexOf(r) < 0) reasons.push(r);
    });
  });
  reasons.sort();
  var palette = ['#0a58ca', '#bc4c00', '#116329', '#8250df', '#57606a'];
  if (reasons.length > 0) {
    draw('razones', {
      type: 'bar',
      data: {
        labels: reasons,
        datasets: files.map(function (f, i) {
          return {
            label: f.archivo,
            data: reasons.map(function (r) {
              return f.razones[r] || 0;
            }),
            backgroundColor: palette[i % palette.length],
          };
        }),
      },
      options: { indexAxis: 'y', scales: { x: { stacked: true, beginAtZero: true }, y: { stacked: true } } },
    });
  }

  // Failed checks per run by severity, oldest first: the history reads left to right.
  var runs = (data.validaciones || []).slice().reverse();
  if (runs.length > 0) {
    draw('historial', {
      type: 'bar',
      data: {
        labels: runs.map(function (r) {
          return '#' + r.id + ' ' + r.ejecutada_en.slice(0, 10);
        }),
        datasets: ['CRITICAL', 'ERROR', 'WARNING'].map(function (s) {
          return {
            label: s,
            backgroundColor: COLORS[s],
            data: runs.map(function (r) {
              return r.resultados.filter(function (x) {
                return x.severidad === s;
              }).length;
            }),
          };
        }),
      },
      options: {
        scales: {
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Failed checks' } },
        },
        plugins: {
          tooltip: {
            callbacks: {
              footer: function (items) {
                return 'Status: ' + runs[items[0].dataIndex].estado;
              },
            },
          },
        },
      },
    });
  }

  unitsAndRevenue('categoria', data.resumenPorCategoria, 'bar');
  unitsAndRevenue('ciudad', data.resumenPorCiudad, 'bar');
  unitsAndRevenue('mes', data.resumenPorMes, 'line');
})();
