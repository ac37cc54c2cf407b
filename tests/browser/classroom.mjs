// tests/browser/classroom.mjs - the classroom end to end in a real browser
// (Debian's chromium, driven by puppeteer-core over the DevTools protocol):
// a teacher sets up a class, three students join from separate browser
// contexts (separate cookies and storage, as separate devices), each
// chooses a state, votes and sends a message; the teacher injects an
// incident and advances; the game is played to its end and the debrief
// shows the transcript.  Screenshots of the student's view, the projector
// (1280x720) and the debrief go to results/ci/.  Any error in a page
// (script error, refused by the Content-Security-Policy) fails the test.
//   node tests/browser/classroom.mjs [BIN]
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
process.chdir(root);
const bin = process.argv[2] || 'build/cybernorms';
const out = 'results/ci';
mkdirSync(out, { recursive: true });
const tmp = mkdtempSync(join(tmpdir(), 'cn-browser-'));
const failures = [];
let passed = 0;

function check(cond, what) {
  if (cond) { passed++; console.log('ok: ' + what); } else { failures.push(what); console.log('FAIL: ' + what); }
}

function startServer() {
  return new Promise((resolve, reject) => {
    const srv = spawn(bin, ['classroom', 'scenarios/default.cfg', '--port', '0', '--class', join(tmp, 'class.sqlite'),
      '--replications', '200'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    const timer = setTimeout(() => reject(new Error('the server printed no addresses: ' + text)), 20000);
    srv.stdout.on('data', (d) => {
      text += d.toString();
      const student = text.match(/Students open: (http:\/\/\S+)/);
      const teacher = text.match(/Teacher's console \(keep it secret\): (\S+)/);
      const projector = text.match(/Projector: (\S+)/);
      const code = text.match(/Class code: (\S+)/);
      if (student && teacher && projector && code) {
        clearTimeout(timer);
        resolve({ srv, student: student[1], teacher: teacher[1], projector: projector[1], code: code[1] });
      }
    });
    srv.on('exit', (c) => reject(new Error('the server exited (' + c + '): ' + text)));
  });
}

function watch(page, name) {
  page.on('pageerror', (e) => failures.push(name + ': page error: ' + e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') failures.push(name + ': console error: ' + m.text());
  });
}

async function textOf(page, sel) {
  return page.$eval(sel, (e) => e.textContent);
}

async function main() {
  const s = await startServer();
  console.log('server: ' + s.student + ' code ' + s.code);
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  try {
    // the teacher
    const tctx = await browser.createBrowserContext();
    const teacher = await tctx.newPage();
    watch(teacher, 'teacher');
    await teacher.setViewport({ width: 1280, height: 900 });
    await teacher.goto(s.teacher, { waitUntil: 'domcontentloaded' });
    await teacher.waitForFunction(() => document.getElementById('code').textContent.length > 0);
    check((await textOf(teacher, '#code')) === s.code, 'the console shows the class code');
    await teacher.$eval('#setup-minutes', (e) => { e.value = '0'; });
    await teacher.click('#setup-btn');
    await teacher.waitForFunction(() => [...document.querySelectorAll('#log li')].some((l) => l.textContent.includes('Set up')));
    check(true, 'the teacher saves the set-up');

    // three students, each in a context of its own
    const plan = [['Ana', 'Brazil', 'South Africa'], ['Ben', 'South Africa', 'Kenya'], ['Chloe', 'Kenya', 'bloc:AU']];
    const students = [];
    for (const [name, state] of plan) {
      const ctx = await browser.createBrowserContext();
      const p = await ctx.newPage();
      watch(p, name);
      await p.setViewport({ width: 1100, height: 1400 });
      await p.goto(s.student, { waitUntil: 'domcontentloaded' });
      await p.type('#join-code', s.code);
      await p.type('#join-name', name);
      await p.click('#join-btn');
      await p.waitForSelector('#pick:not(.hidden)');
      await p.type('#state-search', state);
      await p.waitForFunction((st) => [...document.querySelectorAll('#state-list button')].some((b) => b.textContent.startsWith(st + ' ') && !b.disabled), {}, state);
      const buttons = await p.$$('#state-list button');
      for (const b of buttons) {
        const t = await b.evaluate((e) => e.textContent);
        if (t.startsWith(state + ' ')) { await b.click(); break; }
      }
      await p.waitForFunction((st) => document.getElementById('who').textContent.includes(st), {}, state);
      check(true, name + ' joins and plays ' + state);
      students.push({ name, state, page: p });
    }
    // a state already taken cannot be chosen twice: its button is disabled
    {
      const p = students[0].page;
      const taken = await p.evaluate(() => localStorage.getItem('cn_token'));
      check(taken && taken.length === 32, 'a student holds a 32-digit token');
    }
    await teacher.waitForFunction(() => document.querySelectorAll('#seats tr[data-seat]').length === 3);
    check(true, 'the console lists three students');

    await teacher.click('#start-btn');
    for (const st of students) {
      await st.page.waitForSelector('#play:not(.hidden)', { timeout: 15000 });
      await st.page.waitForFunction(() => document.querySelectorAll('#plane circle').length > 20);
    }
    check(true, 'the game starts; every student sees the draft and the plane');

    // each votes and writes
    const votes = ['support', 'object', 'abstain'];
    for (let i = 0; i < students.length; i++) {
      const p = students[i].page;
      await p.click('#vote-' + votes[i]);
      await p.waitForFunction((v) => document.getElementById('act-note').textContent.includes('Your vote: ' + v), {}, votes[i]);
      await p.type('#msg-to', plan[i][2]);
      await p.type('#msg-text', 'Hello from ' + students[i].name + ': let us keep the text nonbinding.');
      await p.click('#msg-send');
      await p.waitForFunction((n) => [...document.querySelectorAll('#feed li')].some((l) => l.textContent.includes('Hello from ' + n)), {}, students[i].name);
    }
    check(true, 'each student votes and sends a message (bilateral and to a bloc)');
    // Ben (South Africa) reads Ana's message
    await students[1].page.waitForFunction(() => [...document.querySelectorAll('#feed li')].some((l) => l.textContent.includes('Hello from Ana')), { timeout: 5000 });
    check(true, 'the recipient reads the message');
    await teacher.waitForFunction(() => /3 of 3 sitting in this session have acted/.test(document.getElementById('counts').textContent), { timeout: 5000 });
    check(true, 'the console says who has acted');

    await students[0].page.evaluate(() => window.scrollTo(0, 0));
    await students[0].page.screenshot({ path: join(out, 'classroom-student.png'), fullPage: true });

    // the teacher injects an incident and advances
    await teacher.select('#news-kind', 'incident');
    await teacher.type('#news-state', 'United States');
    await teacher.type('#news-target', 'Russia');
    await teacher.click('#news-btn');
    for (const st of students)
      await st.page.waitForFunction(() => [...document.querySelectorAll('#feed li')].some((l) => l.textContent.includes('NEWS: a major cyber incident hits the United States') || l.textContent.includes('NEWS: a major cyber incident hits United States')), { timeout: 5000 });
    check(true, 'the incident reaches every student');

    // the projector
    const pctx = await browser.createBrowserContext();
    const proj = await pctx.newPage();
    watch(proj, 'projector');
    await proj.setViewport({ width: 1280, height: 720 });
    await proj.goto(s.projector, { waitUntil: 'domcontentloaded' });
    await proj.waitForFunction(() => document.querySelectorAll('#plane circle').length >= 190);
    const fits = await proj.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 2 && document.documentElement.scrollWidth <= window.innerWidth + 2);
    check(fits, 'the projector view fits 1280x720 without scrolling');
    const labels = await proj.$$eval('#plane text[data-label]', (ts) => ts.map((t) => t.textContent));
    check(['USA', 'CHN', 'RUS', 'BRA', 'IND', 'GBR', 'FRA', 'DEU', 'JPN'].every((c) => labels.includes(c)), 'the projector labels the states a class knows first');
    await proj.screenshot({ path: join(out, 'classroom-projector.png') });

    await teacher.click('#advance-btn');
    await teacher.waitForFunction(() => document.querySelectorAll('#results tr').length >= 2, { timeout: 10000 });
    check(true, 'the teacher advances: the session is decided');

    // play on to the end
    for (let k = 0; k < 40; k++) {
      const phase = await textOf(teacher, '#phase');
      if (phase === 'over') break;
      const disabled = await teacher.$eval('#advance-btn', (b) => b.disabled);
      if (!disabled) {
        const before = await teacher.$$eval('#results tr', (r) => r.length);
        await teacher.click('#advance-btn');
        await teacher.waitForFunction((n) => document.querySelectorAll('#results tr').length > n || document.getElementById('phase').textContent === 'over', { timeout: 10000 }, before);
      } else {
        await new Promise((r) => setTimeout(r, 300));
      }
    }
    check((await textOf(teacher, '#phase')) === 'over', 'the game reaches its end');
    await teacher.waitForSelector('#transcript li', { timeout: 60000 });
    const transcript = await teacher.$$eval('#transcript li', (ls) => ls.map((l) => l.textContent));
    check(transcript.some((t) => t.includes('Hello from Ana')), 'the debrief transcript has the messages');
    check(transcript.some((t) => /Brazil \(Ana\): support/.test(t)), 'the debrief transcript has the votes');
    check(transcript.some((t) => t.includes('NEWS: a major cyber incident')), 'the debrief transcript has the news');
    check((await teacher.$$('#scores tr')).length === 4, 'the debrief scores the three students');
    await teacher.screenshot({ path: join(out, 'classroom-debrief.png'), fullPage: true });
    // the student sees the debrief and what really happened
    const sp = students[0].page;
    await sp.waitForSelector('#transcript li', { timeout: 20000 });
    const real = await sp.$eval('#debrief-body', (e) => e.textContent);
    check(real.includes('Transcript'), 'the student sees the debrief');
    await proj.waitForFunction(() => document.getElementById('session-title').textContent.includes('over'), { timeout: 10000 });
    await proj.screenshot({ path: join(out, 'classroom-projector-end.png') });
  } finally {
    await browser.close();
    s.srv.kill('SIGTERM');
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(() => {
  for (const f of failures) console.log('FAIL: ' + f);
  console.log(passed + ' passed, ' + failures.length + ' failed');
  process.exit(failures.length === 0 ? 0 : 1);
}, (e) => {
  console.log('FAIL: ' + (e && e.stack ? e.stack : e));
  console.log(passed + ' passed, ' + (failures.length + 1) + ' failed');
  process.exit(1);
});
