'use strict';
// The arithmetic the views and BoardBins() rely on, run in JavaScript (IEEE doubles as in .NET; BigInt
// for ADX's decimal): that RatioFirstKey orders spins by ratio, then earlier time, that
// RatioFirstReachedAt() decodes the time back, and that BoardBins()' day/hour/minute/edge split covers
// a range exactly once. Each mirror first checks that the KQL still says what it mirrors, so a change
// there fails here until the mirror follows.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { SCHEMA_DIR } = require('../src/project');

const views = fs.readFileSync(path.join(SCHEMA_DIR, '06-aggregates.kql'), 'utf8');
const boards = fs.readFileSync(path.join(SCHEMA_DIR, '08-leaderboards.kql'), 'utf8');

function mirrors(text, ...fragments) {
  for (const fragment of fragments) assert.ok(text.includes(fragment), `the KQL no longer says: ${fragment}`);
}

// Seeded, so a failure can be replayed.
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TICKS = { m: 600000000n, h: 36000000000n, d: 864000000000n };

/** RatioOrder as the views compute it; log2 may be off by a little, as .NET's may round. */
function ratioOrder(ratio, log2 = Math.log2) {
  let exponent = Math.floor(log2(ratio));
  exponent = exponent - (ratio < 2 ** exponent ? 1 : 0) + (ratio >= 2 ** (exponent + 1) ? 1 : 0);
  return BigInt(exponent + 64) * 9007199254740992n + BigInt(ratio * 2 ** (52 - exponent));
}

function ratioFirstKey(ratio, ticksIntoBin, log2) {
  return ratioOrder(ratio, log2) * 1000000000000n + (999999999999n - ticksIntoBin);
}

test('RatioFirstKey orders spins by ratio, then by earlier time, and RatioFirstReachedAt decodes the time', () => {
  mirrors(views,
    'Exponent = tolong(floor(log2(Ratio), 1))',
    'Exponent = Exponent - iff(Ratio < exp2(Exponent), 1, 0) + iff(Ratio >= exp2(Exponent + 1), 1, 0)',
    'RatioOrder = (Exponent + 64) * 9007199254740992 + tolong(Ratio * exp2(52 - Exponent))',
    'RatioFirstKey = todecimal(RatioOrder) * 1000000000000 + (999999999999 - tolong((EventTime - Day) / 1tick))',
    'BestRatio = max(Ratio), BestRatioOrder = max(RatioOrder), BestRatioKey = max(RatioFirstKey)');
  mirrors(boards, 'binStart + (999999999999 - tolong(bestRatioKey - todecimal(bestRatioOrder) * 1000000000000)) * 1tick');

  const next = random(16);
  const spins = [];
  const edges = [[1, 2147483647], [2 ** 53, 1], [9223372036854775807, 1], [1, 1], [2, 1], [4, 2], [3, 3], [1, 3]];
  for (const [win, stake] of edges) spins.push({ win, stake });
  for (let i = 0; i < 4000; i++) {
    const stake = [1, 2, 3, 5, 10, 25, 100, 2147483647][Math.floor(next() * 8)];
    const win = next() < 0.5 ? Math.floor(next() * 5000) + 1 : stake * [1, 2, 4, 8, 0.5][Math.floor(next() * 5)];
    spins.push({ win: Math.max(1, Math.round(win)), stake });
  }
  const skewed = [Math.log2, (x) => Math.log2(x) + 1e-9, (x) => Math.log2(x) - 1e-9];
  for (const spin of spins) {
    spin.ratio = spin.win / spin.stake;
    spin.ticks = BigInt(Math.floor(next() * Number(TICKS.d)));
    for (const log2 of skewed) assert.equal(ratioOrder(spin.ratio, log2), ratioOrder(spin.ratio), `ratio ${spin.ratio}`);
    spin.key = ratioFirstKey(spin.ratio, spin.ticks);
    assert.ok(spin.key < 10n ** 31n);
  }
  spins.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (let i = 1; i < spins.length; i++) {
    const [lower, higher] = [spins[i - 1], spins[i]];
    if (lower.key === higher.key) {
      assert.equal(lower.ratio, higher.ratio);
      assert.equal(lower.ticks, higher.ticks);
    } else {
      assert.ok(lower.ratio < higher.ratio || (lower.ratio === higher.ratio && lower.ticks > higher.ticks),
        `${lower.ratio}@${lower.ticks} sorts below ${higher.ratio}@${higher.ticks}`);
    }
  }
  const best = spins[spins.length - 1];
  const order = ratioOrder(best.ratio);
  assert.equal(999999999999n - (best.key - order * 1000000000000n), best.ticks);
  const earliestWithBest = spins.filter((s) => s.ratio === best.ratio).reduce((a, b) => (a.ticks <= b.ticks ? a : b));
  assert.equal(best.ticks, earliestWithBest.ticks);
});

/** BoardBins()' bounds and filters, in minutes since an epoch (days and hours are whole multiples). */
function boardBins(from, to) {
  const firstWhole = (t, size) => (Math.floor(t / size) * size === t ? t : Math.floor(t / size) * size + size);
  const bin = (t, size) => Math.floor(t / size) * size;
  const minutesFrom = firstWhole(from, 1);
  const minutesTo = bin(to, 1);
  const hoursFrom = firstWhole(minutesFrom, 60);
  const hoursTo = bin(minutesTo, 60);
  const daysFrom = firstWhole(hoursFrom, 1440);
  const daysTo = bin(hoursTo, 1440);
  return {
    day: (d) => d >= daysFrom && d < daysTo,
    hour: (h) => h >= hoursFrom && h < hoursTo && (h < daysFrom || h >= daysTo),
    minute: (m) => m >= minutesFrom && m < minutesTo && (m < hoursFrom || m >= hoursTo),
    spin: (t) => t >= from && t < to && (t < minutesFrom || t >= minutesTo),
  };
}

test('BoardBins reads each instant of [fromTime, toTime) exactly once: days, hours, minutes, edge spins', () => {
  mirrors(boards,
    'iff(bin(t, size) == t, t, bin(t, size) + size)',
    'let minutesFrom = FirstWholeBin(fromTime, 1m);', 'let minutesTo = bin(toTime, 1m);',
    'let hoursFrom = FirstWholeBin(minutesFrom, 1h);', 'let hoursTo = bin(minutesTo, 1h);',
    'let daysFrom = FirstWholeBin(hoursFrom, 1d);', 'let daysTo = bin(hoursTo, 1d);',
    '| where Day >= daysFrom and Day < daysTo',
    '| where Hour >= hoursFrom and Hour < hoursTo and (Hour < daysFrom or Hour >= daysTo)',
    '| where Minute >= minutesFrom and Minute < minutesTo and (Minute < hoursFrom or Minute >= hoursTo)',
    '| where EventTime < minutesFrom or EventTime >= minutesTo');

  const next = random(18);
  const spans = [0.25, 0.9, 1, 1.5, 59, 60, 61, 119.5, 1439, 1440, 1441, 2880, 4 * 1440 + 7.5, 40 * 1440];
  for (let i = 0; i < 300; i++) {
    const onEdge = [1, 60, 1440][Math.floor(next() * 3)];
    const from = next() < 0.3 ? Math.floor(next() * 20) * onEdge : Math.floor(next() * 40000 * 4) / 4;
    const to = from + (i < spans.length ? spans[i] : Math.floor(next() * 20000 * 4) / 4);
    const read = boardBins(from, to);
    // Every quarter minute from a day before to a day after: how many parts read it.
    for (let t = Math.floor(from) - 1440; t < to + 1440; t += 0.25) {
      const parts = [read.day(Math.floor(t / 1440) * 1440), read.hour(Math.floor(t / 60) * 60),
        read.minute(Math.floor(t)), read.spin(t)].filter(Boolean).length;
      assert.equal(parts, t >= from && t < to ? 1 : 0, `instant ${t} of [${from}, ${to})`);
    }
  }
});
