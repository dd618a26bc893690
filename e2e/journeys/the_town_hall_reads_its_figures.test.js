// Birgit Richter at the town hall of Meerane after eight weeks of the Koffer (the demo's visits,
// filed by the clerks' laptops and partly decided by her): she works through the inbox with the
// server's filters a page at a time, then reads the evaluation — cases per service with their
// minutes at the table, the weeks, the deployments that drew few citizens (withheld: under five)
// and what they cost, the reasons for refusals — and saves the tables as CSV and XLSX, which read
// back with the same numbers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import XLSX from 'xlsx';
import { accessibilityViolations, openBrowserProfile, screenshot, startKoffer } from '../support/koffer.js';

/** The cells of each body row of the table `name` (`data-table`), as shown. */
const tableRows = (page, name) =>
  page.locator(`table[data-table="${name}"] tbody tr`).evaluateAll((rows) =>
    rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent.trim())));

/** Saves the export behind `button` and returns the file's bytes. */
async function saved(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

describe('the town hall reads its figures', () => {
  let koffer;
  let profile;
  let desk;

  before(async () => {
    koffer = await startKoffer({ demo: true });
    profile = await openBrowserProfile();
    desk = profile.context.pages()[0] ?? (await profile.context.newPage());
    await desk.goto(`${koffer.url}rathaus/`);
    await desk.getByLabel('Benutzername').fill('b.richter');
    await desk.getByLabel('Passwort').fill('Koffer-Demo-2026');
    await desk.getByRole('button', { name: 'Anmelden' }).click();
  });

  after(async () => {
    await profile?.close();
    await koffer?.stop();
  });

  test('the inbox is filtered by the server and comes a page at a time', async () => {
    const townHall = desk.getByTestId('town-hall');
    const rows = townHall.locator('table.cases tbody tr');
    // Meerane's 56 cases: 50 on the first page, the rest on asking.
    await rows.nth(49).waitFor();
    assert.equal(await rows.count(), 50);
    await townHall.getByRole('button', { name: 'Weitere Fälle laden' }).click();
    await rows.nth(55).waitFor();
    assert.equal(await rows.count(), 56);
    assert.equal(await townHall.getByRole('button', { name: 'Weitere Fälle laden' }).count(), 0);

    await townHall.getByLabel('Status').selectOption({ label: 'Abgelehnt' });
    await townHall.getByRole('button', { name: 'Filtern', exact: true }).click();
    await desk.waitForFunction(() => document.querySelectorAll('[data-testid=town-hall] table.cases tbody tr').length === 5);
    for (const text of await rows.allInnerTexts()) assert.match(text, /Wohnsitz anmelden/);

    await townHall.getByLabel('Status').selectOption({ label: 'Ausgehändigt' });
    await townHall.getByLabel('Leistung', { exact: true }).selectOption({ label: 'Lebensbescheinigung' });
    await townHall.getByRole('button', { name: 'Filtern', exact: true }).click();
    await desk.waitForFunction(() => document.querySelectorAll('[data-testid=town-hall] table.cases tbody tr').length === 18);

    await townHall.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await townHall.getByLabel('Ort', { exact: true }).selectOption('Meerane, Rathaus');
    await townHall.getByRole('button', { name: 'Filtern', exact: true }).click();
    await desk.waitForFunction(() => document.querySelectorAll('[data-testid=town-hall] table.cases tbody tr').length === 8);
    for (const text of await rows.allInnerTexts()) assert.match(text, /Fundsache/);

    await townHall.getByLabel('Aufgenommen von').fill('Niemand');
    await townHall.getByRole('button', { name: 'Filtern', exact: true }).click();
    await townHall.getByText('Kein Fall passt zum Filter.').waitFor();
    assert.deepEqual(await accessibilityViolations(desk), [], 'axe-core on the filtered inbox');
  });

  test('a refused Anmeldung opens whole, and its summary and Meldeschein print', async () => {
    const townHall = desk.getByTestId('town-hall');
    await townHall.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await townHall.getByLabel('Status').selectOption({ label: 'Abgelehnt' });
    await townHall.getByRole('button', { name: 'Filtern', exact: true }).click();
    await desk.waitForFunction(() => document.querySelectorAll('[data-testid=town-hall] table.cases tbody tr').length === 5);
    await townHall.locator('table.cases tbody tr').first().getByRole('button', { name: 'Öffnen' }).click();
    const view = desk.getByTestId('case-view');
    await view.getByTestId('record-intact').waitFor();
    const history = await view.getByTestId('history').locator('li').allInnerTexts();
    assert.match(history.at(-1), /^Abgelehnt · .* · Birgit Richter · Wohnungsgeberbestätigung fehlt$/);
    const person = await view.locator('dl').first().innerText();

    await desk.evaluate(() => { window.print = () => { window.printed = (window.printed ?? 0) + 1; }; });
    await view.getByRole('button', { name: 'Meldeschein drucken' }).click();
    await desk.waitForFunction(() => window.printed === 1);
    await desk.emulateMedia({ media: 'print' });
    const sheet = await desk.getByTestId('print-sheet').innerText();
    assert.match(sheet, /^Meldeschein/);
    assert.match(sheet, /Wohnsitz anmelden/);
    assert.ok(sheet.includes(person.split('\n')[1]), 'the family name is on the paper');
    assert.match(sheet, /Datum, Unterschrift der meldepflichtigen Person/);
    await desk.emulateMedia({ media: 'screen' });
    await view.getByRole('button', { name: 'Zusammenfassung drucken' }).click();
    await desk.waitForFunction(() => window.printed === 2);
    assert.match(await desk.getByTestId('print-sheet').innerText(), /^Zusammenfassung[\s\S]*Verlauf: Entwurf/);
    await view.getByRole('button', { name: 'Zurück zur Liste' }).click();
  });

  test('the evaluation shows the counts, the minutes at the table and withholds small cells', async () => {
    await desk.getByRole('button', { name: 'Auswertung' }).click();
    const period = desk.getByTestId('evaluation-period');
    await period.waitFor();
    assert.match(await period.innerText(), /^Besuche vom \d{4}-\d\d-\d\d bis \d{4}-\d\d-\d\d: 56 Fälle\.$/);

    const services = await tableRows(desk, 'services');
    const row = (title) => services.find((cells) => cells[0] === title);
    assert.deepEqual(row('Lebensbescheinigung'), ['Lebensbescheinigung', 'vor Ort abgeschlossen', '24', '0', '6.0', '8.0', '10.0']);
    assert.deepEqual(row('Wohnsitz anmelden (Meldeschein)').slice(1, 4), ['nach Übertragung abgeschlossen', '16', '5']);

    const weeks = await tableRows(desk, 'weeks');
    assert.equal(weeks.length, 8);
    assert.deepEqual(weeks.map((cells) => cells[1]).sort(), ['6', '6', '6', '6', '8', '8', '8', '8']);

    const deployments = await tableRows(desk, 'deployments');
    const rathaus = deployments.filter((cells) => cells[1] === 'Meerane, Rathaus');
    assert.equal(rathaus.length, 4);
    for (const cells of rathaus) assert.equal(cells[2], '< 5', 'two citizens a Thursday: withheld');
    assert.match(await desk.locator('section.evaluation').innerText(), /4 Einsätze mit weniger als 5 Fällen\./);
    // Staff cost: the time on site and 20 minutes each way at 45 € an hour; six citizens shared it.
    const seniors = deployments.find((cells) => cells[1] === 'Meerane, Seniorenwohnanlage');
    const [, , cases, minutes, cost] = seniors;
    assert.equal(cases, '6');
    const euros = (cents) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')} €`;
    assert.equal(cost, euros(Math.ceil(((Number(minutes) + 40) * 4500) / 60)));
    // The way to the seniors' home is longer: its deployments cost more, the Rathaus's do not.
    await desk.getByLabel('Fahrzeit nach Meerane, Seniorenwohnanlage, eine Richtung (Minuten)').fill('35');
    const costs = await tableRows(desk, 'deployments');
    assert.equal(costs.find((cells) => cells[1] === 'Meerane, Seniorenwohnanlage')[4], euros(Math.ceil(((Number(minutes) + 70) * 4500) / 60)));
    const rathausCost = costs.find((cells) => cells[1] === 'Meerane, Rathaus');
    assert.equal(rathausCost[4], euros(Math.ceil(((Number(rathausCost[3]) + 40) * 4500) / 60)));

    assert.deepEqual(await tableRows(desk, 'rejection_reasons'), [['Wohnungsgeberbestätigung fehlt', '5']]);
    assert.equal(await desk.locator('svg.chart').count(), 4, 'services, minutes, weeks, deployments');
    assert.deepEqual(await accessibilityViolations(desk), [], 'axe-core on the evaluation');
    await screenshot(desk, 'rathaus-evaluation');
  });

  test('two municipalities side by side, and both counted together', async () => {
    const form = desk.locator('form.evaluation-period');
    await form.getByLabel('Vergleichen mit').selectOption({ label: 'Schönberg' });
    await form.getByRole('button', { name: 'Anzeigen' }).click();
    const comparison = desk.getByTestId('comparison');
    await comparison.waitFor();
    assert.deepEqual(await tableRows(desk, 'comparison'), [
      ['Fälle', '56', '56'],
      ['Einsätze', '12', '12'],
      ['Einsätze mit weniger als 5 Fällen', '4', '8'],
    ]);
    const services = await tableRows(desk, 'comparison_services');
    assert.deepEqual(services.find((cells) => cells[0] === 'Lebensbescheinigung'), ['Lebensbescheinigung', '24', '8', '8.0', '7.0']);
    assert.deepEqual(await accessibilityViolations(desk), [], 'axe-core on the comparison');

    await form.getByLabel('Vergleichen mit').selectOption({ label: 'keiner Gemeinde' });
    await form.getByLabel('Gemeinde').selectOption({ label: 'Meerane + Schönberg' });
    await form.getByRole('button', { name: 'Anzeigen' }).click();
    await desk.getByText(/: 112 Fälle\.$/).waitFor();
    assert.equal(await comparison.count(), 0);
    // Back to Meerane alone for the exports.
    await form.getByLabel('Gemeinde').selectOption({ label: 'Meerane' });
    await form.getByRole('button', { name: 'Anzeigen' }).click();
    await desk.getByText(/: 56 Fälle\.$/).waitFor();
  });

  test('every table saves as CSV and all as XLSX, with the numbers on the screen', async () => {
    const csv = await saved(desk, desk.locator('button[data-export="services"]'));
    assert.match(csv.name, /^auswertung-145245118180-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d-services\.csv$/);
    const text = csv.bytes.toString('utf8');
    assert.ok(text.startsWith('\ufeff'), 'a byte-order mark, so Excel reads the umlauts');
    const lines = text.slice(1).trimEnd().split('\r\n').map((line) => line.split(';'));
    assert.equal(lines[0][3], 'Fälle');
    assert.deepEqual(lines.find((cells) => cells[0] === 'Lebensbescheinigung'), ['Lebensbescheinigung', '', 'vor Ort abgeschlossen', '24', '0', '6', '8', '10']);

    const deployments = await saved(desk, desk.locator('button[data-export="deployments"]'));
    const deploymentLines = deployments.bytes.toString('utf8').slice(1).trimEnd().split('\r\n').map((line) => line.split(';'));
    assert.equal(deploymentLines.filter((cells) => cells[1] === 'Meerane, Rathaus' && cells[2] === '< 5').length, 4);

    const workbook = await saved(desk, desk.locator('button[data-export="xlsx"]'));
    assert.match(workbook.name, /\.xlsx$/);
    const book = XLSX.read(workbook.bytes, { type: 'buffer' });
    assert.deepEqual(book.SheetNames, ['Leistungen', 'Wochen', 'Leistung-Ort-Woche', 'Einsätze', 'Ablehnungsgründe', 'Termine']);
    const sheet = XLSX.utils.sheet_to_json(book.Sheets.Leistungen, { header: 1, defval: '' });
    assert.deepEqual(sheet.find((cells) => cells[0] === 'Lebensbescheinigung'), ['Lebensbescheinigung', '', 'vor Ort abgeschlossen', 24, 0, 6, 8, 10]);
    const reasons = XLSX.utils.sheet_to_json(book.Sheets['Ablehnungsgründe'], { header: 1 });
    assert.deepEqual(reasons, [['Grund', 'Fälle'], ['Wohnungsgeberbestätigung fehlt', 5]]);
    const weeks = XLSX.utils.sheet_to_json(book.Sheets.Wochen, { header: 1 }).slice(1);
    assert.equal(weeks.reduce((sum, [, cases]) => sum + cases, 0), 56, 'the weeks add up to the cases');
  });
});
