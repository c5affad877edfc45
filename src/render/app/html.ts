import type { AppData } from './data.js';

/**
 * The triage page: one self-contained HTML file, its script (the package's core and the page,
 * dist/app.js) and its data inlined. It fetches nothing: no network, no other file.
 */
export function appHtml(script: string, data: AppData): string {
  // Inside <script>, "</" could end the element early: JSON and code are written without it.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  const code = script.replace(/<\/(script)/gi, '<\\/$1');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<title>Online-safety triage</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>Online-safety triage</h1>
  <label>Policy <select id="policy"></select></label>
  <span id="policy-title"></span>
  <button type="button" id="clear">Start again</button>
  <p class="private">Everything happens in this page: nothing you enter is sent anywhere.</p>
</header>
<main>
  <section class="incident">
    <h2>What happened?</h2>
    <input id="activity-search" type="search" placeholder="Search: e.g. sexting, inappropriate website, cyberbullying" autocomplete="off">
    <div id="activity-results"></div>
    <ul id="activities"></ul>
    <p id="no-activities" class="hint">No activity chosen yet.</p>
    <h2>Who was involved?</h2>
    <ul id="people"></ul>
    <button type="button" id="add-person">Add a person</button>
    <h2>Ask next: the answers would change the plan</h2>
    <ul id="questions"></ul>
    <p id="no-questions" class="hint">Nothing unknown would change the plan.</p>
    <h2>What is known?</h2>
    <ul id="facts"></ul>
  </section>
  <section class="answer">
    <h2>Action plan</h2>
    <p id="status" role="status"></p>
    <pre id="plan" aria-live="polite"></pre>
  </section>
</main>
<script type="application/json" id="online-safety-data">${json}</script>
<script>${code}</script>
</body>
</html>
`;
}

const STYLE = `
:root { font-family: system-ui, sans-serif; color: #1b1f24; background: #f6f7f9; }
body { margin: 0; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem 1rem; padding: .8rem 1.2rem; background: #12355b; color: #fff; }
header h1 { font-size: 1.2rem; margin: 0 1rem 0 0; }
header .private { flex-basis: 100%; margin: 0; font-size: .85rem; opacity: .85; }
header select, header button { font: inherit; }
main { display: grid; grid-template-columns: minmax(24rem, 1fr) minmax(30rem, 58rem); gap: 1.2rem; padding: 1rem 1.2rem; }
section { background: #fff; border: 1px solid #d8dde3; border-radius: 6px; padding: .4rem 1rem 1rem; min-width: 0; }
h2 { font-size: 1rem; margin: 1rem 0 .4rem; color: #12355b; }
input[type=search] { width: 100%; box-sizing: border-box; font: inherit; padding: .4rem .5rem; border: 1px solid #98a2ad; border-radius: 4px; }
#activity-results { display: flex; flex-direction: column; }
.result { text-align: left; font: inherit; background: #eef3f8; border: 0; border-bottom: 1px solid #d8dde3; padding: .3rem .5rem; cursor: pointer; }
.result:hover, .result:focus { background: #d5e4f3; }
.result small { margin-left: .5rem; color: #5a6570; }
ul { list-style: none; padding: 0; margin: .3rem 0; }
.chip { display: flex; justify-content: space-between; gap: .5rem; align-items: center; background: #e6f0e8; border-radius: 4px; padding: .25rem .5rem; margin: .2rem 0; }
.chip button, .person button { border: 0; background: none; font-size: 1.1rem; cursor: pointer; color: #7a1f1f; }
.person { display: flex; gap: .4rem; margin: .25rem 0; }
.person select { font: inherit; }
.fact { display: flex; justify-content: space-between; gap: .6rem; padding: .2rem 0; border-bottom: 1px dotted #d8dde3; font-size: .9rem; }
.fact .answers { white-space: nowrap; }
.fact label { margin-left: .4rem; }
.hint { color: #5a6570; font-size: .9rem; }
#status { color: #7a1f1f; white-space: pre-wrap; }
#plan { white-space: pre; font-size: .8rem; line-height: 1.35; background: #fbfbfc; border: 1px solid #e3e6ea; border-radius: 4px; padding: .6rem .8rem; margin: 0; overflow-x: auto; }
#plan:empty { display: none; }
.question { border-left: 4px solid #12355b; background: #f3f6fa; padding: .3rem .7rem; margin: .5rem 0; }
.question.outside { border-left-color: #b3541e; }
.question p { margin: .2rem 0; }
.question .ask { font-weight: 600; }
.question .adds { font-size: .85rem; color: #3a444e; }
.question button { font: inherit; margin-right: .4rem; padding: .15rem .9rem; }
.question small { color: #5a6570; }
@media (max-width: 60rem) { main { grid-template-columns: 1fr; } }
`;
