import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EXIT, reportError } from './context';
import type { CliIo } from './io';

// Commands load their modules on use, so `--help` and small commands start fast.
const admin = () => import('./commands/admin');
const data = () => import('./commands/data');

/** The import kinds as the command describes them (the keys are those of src/imports' kinds). */
const IMPORT_COMMANDS = [
  {
    name: 'people',
    description:
      'load people, upserted by identity: a line whose email, phone or external id is known updates that person and ' +
      'adds its new identifiers, others create a person.',
    keys:
      'email, phone, externalId, deviceId, social, firstName, lastName, displayName, birthday, language, notes, ' +
      'lifecycleStage, line1, line2, city, region, postcode, country',
  },
  {
    name: 'interactions',
    description: 'load interactions (same ingest as POST /api/interactions/bulk, identity resolution on).',
    keys:
      'id, occurredAt, channel, type, direction, email, phone, externalId, deviceId, social, name, personId, ' +
      'durationSeconds, agent, subject, summary, body',
  },
  {
    name: 'orders',
    description:
      'load orders (same ingest as POST /api/orders/bulk): one per line, or one per order number; customers found by ' +
      'identity or created; SKUs the catalogue lacks created (--new-products); return lines refund an earlier order. ' +
      'A re-run never makes an order twice. Known layouts: --preset cdnow.',
    keys: 'customer, email, phone, name, date, amount, quantity, price, sku, product, order, channel, return',
  },
  {
    name: 'products',
    description:
      "load the product catalogue, upserted by SKU: a known SKU takes the line's non-empty cells; a new one needs a name and a list price.",
    keys: 'sku, name, category, listPrice, unitCost, active',
  },
  {
    name: 'accounts',
    description:
      "load accounts (companies), upserted by domain, else by name: a known account takes the line's non-empty cells.",
    keys: 'name, domain, industry, size',
  },
] as const;

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('must be an integer');
  return n;
}

/**
 * Runs the `rapport` command line `argv` (without the node and script paths) and returns its exit
 * code. Parse errors, `--help` and failed commands return their code instead of exiting the process,
 * so the binary and in-process callers (tests) see the same behaviour.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    return reportError(err, io.stderr);
  }
}

export function buildProgram(io: CliIo): Command {
  // Subcommands copy these settings when they are added, so they come first.
  const program = new Command('rapport')
    .description('Rapport: open-source CRM, operational and analytical')
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`rapport: ${text.replace(/^error: /, '')}`),
    });

  program
    .command('serve')
    .description('start the API and web app (PORT, HOST, RAPPORT_DATA_DIR, DATABASE_URL, LOG_LEVEL)')
    .option('--no-demo', 'do not load the demo data set into an empty database')
    .action(async (options) => (await import('./commands/serve')).serve(options, io));

  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => (await data()).migrateCommand(io));

  const workspace = program.command('workspace').description('manage workspaces');
  workspace
    .command('create')
    .description('create a workspace with its built-in roles')
    .requiredOption('--slug <slug>', 'short name used at login, e.g. acme')
    .option('--name <name>', 'display name')
    .option('--region <code>', 'default phone region, a two-letter country code', 'US')
    .action(async (options) => (await admin()).createWorkspaceCommand(options, io));

  const user = program.command('user').description('manage users');
  user
    .command('create')
    .description('create a user; the password is asked for, or read from standard input')
    .requiredOption('--workspace <slug>', 'workspace slug')
    .requiredOption('--email <email>', 'login email')
    .requiredOption(
      '--role <role>',
      'admin, manager, sales, service, marketing, accounting, inventory, analyst or a custom role',
    )
    .option('--name <name>', 'display name')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (options) => (await admin()).createUserCommand(options, io));

  const token = program.command('token').description('manage API tokens');
  token
    .command('create')
    .description('create an API token for a user and print it once')
    .requiredOption('--workspace <slug>', 'workspace slug')
    .requiredOption('--email <email>', 'the user the token acts as')
    .option('--name <name>', 'what the token is for', 'cli')
    .action(async (options) => (await admin()).createTokenCommand(options, io));

  program
    .command('seed')
    .description('load a synthetic data set (same seed, same data)')
    .addOption(
      new Option('--size <size>', 'data set size').choices(['small', 'medium', 'large']).default('small'),
    )
    .option('--workspace <slug>', 'workspace to create and fill', 'demo')
    .option('--seed <n>', 'random seed', integer, 1)
    .action(async (options) => (await data()).seedCommand(options, io));

  const imports = program.command('import').description('load data from files');
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  for (const kind of IMPORT_COMMANDS) {
    const command = imports
      .command(kind.name)
      .description(
        `${kind.description} Keys: ${kind.keys} (columns named like a key are found without a mapping). Streams the ` +
          'file (checked first, then loaded in chunks); bad lines stop the load (exit 2) unless --skip-bad-rows; a ' +
          're-run of an interrupted import resumes after its last committed chunk.',
      )
      .argument('<file>', 'the file (a CSV file with a header line, or --format whitespace)')
      .requiredOption('--workspace <slug>', 'workspace slug')
      .option(
        '--map <pairs>',
        'key=Column (repeat, or separate with commas), e.g. --map email=E-mail',
        collect,
      )
      .option('--mapping <file>', 'a JSON file {"key": "Column", ...}')
      .option(
        '--source <name>',
        kind.name === 'orders'
          ? 'where customer ids and order numbers come from: customers get the identity <source>:<id> (required)'
          : 'bare external ids become <source>:<id>; interactions: with an id column, the key prefix',
      )
      .option(
        '--date-format <format>',
        'e.g. YYYYMMDD, DD/MM/YYYY, M/D/YYYY H:mm (default ISO 8601; times are UTC)',
      )
      .addOption(new Option('--format <format>', 'file format (default csv)').choices(['csv', 'whitespace']))
      .option('--delimiter <char>', 'CSV field delimiter (default ,)')
      .option(
        '--columns <names>',
        'whitespace files: column names by position, "-" skips one, e.g. customer,date,quantity,amount',
      )
      .option(
        '--dry-run',
        'check every line and count what would be created, updated, unchanged or refused; keep nothing',
      )
      .option(
        '--skip-bad-rows',
        'load the good lines and report the bad ones (default: any bad line stops the import, exit 2)',
      )
      .option(
        '--errors-out <file>',
        'write the bad and refused lines to this CSV file, with line, field and reason columns',
      )
      .option('--chunk-size <n>', 'lines per transaction and checkpoint (default 5000)', integer)
      .option('--again', 'load a file that was already imported once more (default: report it and stop)')
      .option('--json', 'print the summary as JSON');
    if (kind.name === 'interactions') {
      command
        .option('--channel <channel>', 'channel of lines without one')
        .option('--type <type>', 'type of lines without one, e.g. call')
        .option('--direction <direction>', 'inbound or outbound, for lines without one');
    }
    if (kind.name === 'orders') {
      command
        .addOption(
          new Option(
            '--preset <name>',
            'a known file layout: cdnow (CDNOW_master.txt, CDNOW_sample.txt)',
          ).choices(['cdnow']),
        )
        .option('--channel <channel>', 'channel of the orders (default other; cdnow: web)')
        .addOption(
          new Option('--status <status>', 'status of the orders (default fulfilled)').choices([
            'placed',
            'fulfilled',
          ]),
        )
        .option('--currency <code>', 'currency of the amounts (default USD)')
        .addOption(
          new Option(
            '--new-products <policy>',
            'a SKU the catalogue lacks: create the product (default) or reject its lines',
          ).choices(['create', 'reject']),
        );
      for (const key of kind.keys.split(', '))
        command.option(`--${key}-col <column>`, `as --map ${key}=<column>`);
    }
    command.action(async (file, options) =>
      (await import('./commands/import')).importRecordsCommand(kind.name, file, options, io),
    );
  }

  const exports = program.command('export').description('write data as CSV');
  exports
    .command('people')
    .description('the people of a workspace as CSV, newest first (as GET /api/people/export.csv)')
    .requiredOption('--workspace <slug>', 'workspace slug')
    .option('--lifecycle-stage <stage>', 'only people at this stage')
    .option('--name-prefix <text>', 'only people whose name starts so')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (options) => (await import('./commands/export')).exportPeopleCommand(options, io));

  program
    .command('analyze')
    .description(
      'run an analysis over a workspace, or over a transaction or summary file without a database: ' +
        'rfm, profitability, clv, churn, cohorts, channels, share-of-wallet',
    )
    .argument('<name>', 'rfm, profitability, clv, churn, cohorts, channels or share-of-wallet')
    .option('--json', 'print the whole report as JSON (files always print JSON)')
    .option('--workspace <slug>', 'workspace to analyse', 'demo')
    .option('--as-of <date>', 'last day counted, YYYY-MM-DD (default today, or the last day of the file)')
    .option('--from <date>', 'first day counted, YYYY-MM-DD')
    .option('--compare-to <date>', 'rfm: an earlier day for the segment migration matrix')
    .option('--segment <name>', 'rfm: list the customers of one segment')
    .option('--horizon-weeks <n>', 'clv: expected purchases over n weeks (default 52)')
    .option('--horizon <n>', 'clv on a file: expected purchases over n periods (default 52 weeks)')
    .option('--clv-months <n>', 'clv: CLV horizon in months (default 12)')
    .option('--discount-rate <rate>', 'clv: monthly discount rate (default 0.01)')
    .option('--calibration-end <date>', 'clv: fit up to this day (with --as-of later: holdout check)')
    .option('--threshold <risk>', 'churn: churn risk counted as at risk (default 0.5)')
    .addOption(
      new Option('--source <touches>', 'channels: touches counted').choices([
        'all',
        'interactions',
        'orders',
      ]),
    )
    .option('--prior-strength <k>', 'channels: smoothing toward the population mix (default 2)')
    .option(
      '--attribute <name>',
      'share-of-wallet: person attribute with the category spend',
      'category_spend',
    )
    .option('--whale-points <n>', 'profitability: points of the whale curve (default 101)')
    .option('--page <n>', 'page of the per-customer detail (default 1)')
    .option('--limit <n>', 'customers per page (default 50)')
    .option('--transactions <file>', 'rfm, profitability, clv, churn over a transaction file')
    .option(
      '--summary <file>',
      'clv over a per-customer summary (frequency|x, recency|t_x, T[, monetary_value|zbar])',
    )
    .option(
      '--customer-col <column>',
      'customer column: a header name, or a 1-based position in a whitespace file',
    )
    .option('--date-col <column>', 'date column')
    .option('--amount-col <column>', 'amount column')
    .option('--cost-col <column>', 'profitability: cost of goods column')
    .option('--date-format <format>', 'e.g. YYYYMMDD, YYYY-MM-DD, DD/MM/YYYY (default YYYY-MM-DD)')
    .addOption(
      new Option('--format <format>', 'file format (default: whitespace when columns are numbers)').choices([
        'csv',
        'whitespace',
      ]),
    )
    .option('--skip-lines <n>', 'lines to skip at the top of a whitespace file')
    .addOption(
      new Option('--period <unit>', 'time unit of the purchase models').choices(['day', 'week', 'month']),
    )
    .action(async (name, options) => (await import('./commands/analyze')).analyzeCommand(name, options, io));

  return program;
}
