import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import {
  ANALYSES,
  argOf,
  COMMON_OPTIONS,
  flagOf,
  INPUT_OPTIONS,
  inputsOf,
  type OptionSpec,
} from './commands/analyses';
import { CliError, EXIT, reportError } from './context';
import type { CliIo } from './io';

// Commands load their modules on use, so `--help` and small commands start fast.
const admin = () => import('./commands/admin');
const data = () => import('./commands/data');

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
  imports
    .command('orders')
    .description(
      'load orders from a headed CSV or a whitespace-separated file (e.g. --preset cdnow); every line is ' +
        'checked first, bad lines stop the load (exit 2) unless --skip-bad-rows; a re-run adds only what is missing',
    )
    .argument('<file>', 'the order file')
    .requiredOption('--workspace <slug>', 'workspace slug')
    .addOption(
      new Option('--preset <name>', 'a known file layout: cdnow (CDNOW_master.txt)').choices(['cdnow']),
    )
    .addOption(new Option('--format <format>', 'file format (default csv)').choices(['csv', 'whitespace']))
    .option(
      '--columns <names>',
      'whitespace files: column names by position, "-" skips one, e.g. customer,date,quantity,amount',
    )
    .option('--delimiter <char>', 'CSV field delimiter (default ,)')
    .option(
      '--map <pairs>',
      'key=Column pairs: customer, date, amount, quantity, price, sku, product, order, channel, name, return',
    )
    .option('--customer-col <column>', 'customer id column')
    .option('--date-col <column>', 'order date column')
    .option('--amount-col <column>', 'line total column')
    .option('--quantity-col <column>', 'units column (default 1 per line)')
    .option('--price-col <column>', 'unit price column')
    .option('--sku-col <column>', 'product SKU column (default: the generic product UNSPECIFIED)')
    .option('--product-col <column>', 'product name column, for new SKUs')
    .option('--order-col <column>', 'order number column: its lines become one order')
    .option('--channel-col <column>', 'channel column')
    .option('--name-col <column>', 'customer name column')
    .option('--return-col <column>', 'column marking return lines (1, true, yes, y, r, return)')
    .option(
      '--date-format <format>',
      'e.g. YYYYMMDD, DD/MM/YYYY, M/D/YYYY H:mm (default ISO 8601; times are UTC)',
    )
    .option('--source <name>', 'where customer ids come from: people get the identity <source>:<id>')
    .option('--channel <channel>', 'channel of the orders (default other; cdnow: web)')
    .addOption(
      new Option('--status <status>', 'status of the orders')
        .choices(['placed', 'fulfilled'])
        .default('fulfilled'),
    )
    .option('--currency <code>', 'currency of the amounts', 'USD')
    .option('--skip-bad-rows', 'load the good lines and list the bad ones')
    .option('--json', 'print the summary as JSON')
    .action(async (file, options) =>
      (await import('./commands/import')).importOrdersCommand(file, options, io),
    );

  const collect = (value: string, previous: string[] = []) => [...previous, value];
  for (const kind of ['people', 'interactions'] as const) {
    const command = imports
      .command(kind)
      .description(
        kind === 'people'
          ? 'load people from a headed CSV file, upserted by identity: a line whose email, phone or external id is known ' +
              'updates that person and adds its new identifiers, others create a person. Keys: email, phone, externalId, ' +
              'deviceId, social, firstName, lastName, displayName, birthday, language, notes, lifecycleStage, line1, line2, ' +
              'city, region, postcode, country (columns named like a key are found without a mapping)'
          : 'load interactions from a headed CSV file (same ingest as POST /api/interactions/bulk, identity resolution on). ' +
              'Keys: id, occurredAt, channel, type, direction, email, phone, externalId, deviceId, social, name, personId, ' +
              'durationSeconds, agent, subject, summary, body',
      )
      .argument('<file>', 'the CSV file (header line first)')
      .requiredOption('--workspace <slug>', 'workspace slug')
      .option(
        '--map <pairs>',
        'key=Column (repeat, or separate with commas), e.g. --map email=E-mail',
        collect,
      )
      .option('--mapping <file>', 'a JSON file {"key": "Column", ...}')
      .option(
        '--source <name>',
        'bare external ids become <source>:<id>; interactions: with an id column, the key prefix',
      )
      .option('--date-format <format>', 'e.g. DD/MM/YYYY, M/D/YYYY H:mm (default ISO 8601; times are UTC)')
      .option('--delimiter <char>', 'field delimiter (default ,)')
      .option('--dry-run', 'check every line and report; write nothing')
      .option(
        '--skip-bad-rows',
        'load the good lines and report the bad ones (default: any bad line stops the import, exit 2)',
      )
      .option(
        '--errors-out <file>',
        'write the rejected lines to this CSV file, with line, field and reason columns',
      )
      .option('--chunk-size <n>', 'lines per transaction and checkpoint (default 5000)', integer)
      .option('--again', 'load a file that was already imported once more (default: report it and stop)')
      .option('--json', 'print the summary as JSON');
    if (kind === 'interactions') {
      command
        .option('--channel <channel>', 'channel of lines without one')
        .option('--type <type>', 'type of lines without one, e.g. call')
        .option('--direction <direction>', 'inbound or outbound, for lines without one');
    }
    command.description(
      `${command.description()}. Streams the file (checked first, then loaded in chunks); a re-run of an interrupted ` +
        'import resumes after its last committed chunk.',
    );
    command.action(async (file, options) =>
      (await import('./commands/import')).importRecordsCommand(kind, file, options, io),
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

  addAnalyzeCommands(program, io);

  return program;
}

/**
 * `rapport analyze <name>`: one subcommand per entry of the analyses table, with the options of
 * its inputs and its own, each declared with its type, default and help.
 */
function addAnalyzeCommands(program: Command, io: CliIo): void {
  const names = ANALYSES.map((a) => a.name);
  const analyze = program
    .command('analyze')
    .description(
      `run an analysis over a workspace, or over a transaction or summary file without a database: ${names.join(', ')}`,
    )
    .argument('[name]', names.join(', '))
    .allowUnknownOption()
    .allowExcessArguments()
    .action((name: string | undefined) => {
      throw new CliError(
        name === undefined
          ? `name an analysis: ${names.join(', ')}`
          : `unknown analysis "${name}": use one of ${names.join(', ')}`,
      );
    });
  for (const spec of ANALYSES) {
    const command = analyze.command(spec.name).description(spec.summary);
    const add = (key: string, option: OptionSpec, prefix: string) => {
      const arg = argOf(option);
      const flags = arg === undefined ? flagOf(key) : `${flagOf(key)} ${arg}`;
      const help = prefix === '' ? option.help : `${prefix}: ${option.help}`;
      const declared = new Option(flags, help);
      if (Array.isArray(option.kind)) declared.choices(option.kind);
      if (option.default !== undefined) declared.default(option.default);
      command.addOption(declared);
    };
    for (const [key, option] of Object.entries(COMMON_OPTIONS)) add(key, option, '');
    for (const input of inputsOf(spec))
      for (const [key, option] of Object.entries(INPUT_OPTIONS[input])) add(key, option, '');
    for (const [key, option] of Object.entries(spec.options)) {
      const only =
        option.inputs && option.inputs.length < inputsOf(spec).length ? option.inputs.join(', ') : '';
      add(key, option, only === '' ? '' : `${only} only`);
    }
    command.action(async (options: Record<string, unknown>, self: Command) =>
      (await import('./commands/analyze')).analyzeCommand(
        spec,
        { values: options, given: (key) => self.getOptionValueSource(key) === 'cli' },
        io,
      ),
    );
  }
}
