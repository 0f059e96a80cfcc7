using System.CommandLine;
using Encore.Cli.Client;
using Encore.Core;

namespace Encore.Cli.Commands;

/// <summary>
/// <c>encore client</c>: the seed's test_service.py done right (docs/seed.md §7). One call per invocation (top popular by
/// default; <c>--offline</c>, <c>--add-online</c>, <c>--online</c>, <c>--blended</c>, <c>--events</c>), or the seed's
/// whole sequence with <c>encore client scenario</c>. Results go to stdout and are appended to a log file.
/// </summary>
public static class ClientCommand
{
    public const string DefaultUrl = "http://127.0.0.1:8000";

    /// <summary>A day: longer is no timeout at all, and past about 10^14 s a TimeSpan overflows.</summary>
    private const double MaxTimeoutSeconds = 86_400;

    /// <summary>The options every form of the verb takes.</summary>
    private sealed class Shared
    {
        public Option<string> Url { get; } = new("--url")
        {
            Description = "The Encore service.", DefaultValueFactory = _ => DefaultUrl, Recursive = true,
        };

        public Option<int> K { get; } = new("--k")
        {
            Description = "How many tracks to ask for.", DefaultValueFactory = _ => 10, Recursive = true,
        };

        public Option<long?> UserId { get; } = new("--user-id") { Description = "The listener.", Recursive = true };

        public Option<string> Log { get; } = new("--log")
        {
            Description = "Log file, appended to; a relative path is under the working directory.",
            DefaultValueFactory = _ => ClientLog.DefaultPath,
            Recursive = true,
        };

        public Option<bool> NoLog { get; } = new("--no-log") { Description = "Print only; write no log file.", Recursive = true };

        public Option<double> Timeout { get; } = new("--timeout")
        {
            Description = "Seconds to wait for each answer.", DefaultValueFactory = _ => 10, Recursive = true,
        };

        public (ServiceClient Client, ClientLog Log) Open(ParseResult parse, CliContext cli)
        {
            var seconds = parse.GetValue(Timeout);
            if (!(seconds is > 0 and <= MaxTimeoutSeconds))
            {
                throw new EncoreException($"--timeout: must be a positive number of seconds up to {MaxTimeoutSeconds:N0}, got {seconds}.");
            }

            var client = new ServiceClient(parse.GetValue(Url)!, TimeSpan.FromSeconds(seconds));
            try
            {
                return (client, new ClientLog(cli.Output, parse.GetValue(NoLog) ? null : parse.GetValue(Log)));
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }

        public long RequireUser(ParseResult parse, string what) =>
            parse.GetValue(UserId) ?? throw new EncoreException($"{what} needs --user-id.");
    }

    public static Command Create()
    {
        var shared = new Shared();
        var offline = new Option<bool>("--offline") { Description = "Offline recommendations for --user-id (popular ones for an unknown user)." };
        var addOnline = new Option<bool>("--add-online") { Description = "Add --item-id to --user-id's online history." };
        var online = new Option<bool>("--online") { Description = "Tracks similar to --user-id's latest listens." };
        var blended = new Option<bool>("--blended") { Description = "Offline and online recommendations blended." };
        var events = new Option<bool>("--events") { Description = "--user-id's latest listens, newest first." };
        var itemId = new Option<long?>("--item-id") { Description = "The track (for --add-online)." };
        Option<bool>[] modes = [offline, addOnline, online, blended, events];

        var command = new Command(
            "client",
            "Call a running Encore service: top popular tracks by default, or --offline, --add-online, --online, --blended, --events.")
        {
            shared.Url, shared.K, shared.UserId, shared.Log, shared.NoLog, shared.Timeout, offline, addOnline, online, blended, events, itemId,
        };
        command.Subcommands.Add(CreateScenario(shared));
        command.SetAction(parse => CommandRunner.Run(parse, cli =>
        {
            var chosen = modes.Where(m => parse.GetValue(m)).Select(m => m.Name).ToList();
            if (chosen.Count > 1)
            {
                throw new EncoreException($"{string.Join(" and ", chosen)}: give one of them at a time.");
            }

            var k = parse.GetValue(shared.K);
            Func<ServiceClient, CancellationToken, Task<string>> call = chosen.SingleOrDefault() switch
            {
                "--offline" => Recs(shared.RequireUser(parse, "--offline"), "offline", k, (c, u, t) => c.OfflineAsync(u, k, t)),
                "--online" => Recs(shared.RequireUser(parse, "--online"), "online", k, (c, u, t) => c.OnlineAsync(u, k, t)),
                "--blended" => Recs(shared.RequireUser(parse, "--blended"), "blended", k, (c, u, t) => c.BlendedAsync(u, k, t)),
                "--events" => Events(shared.RequireUser(parse, "--events"), k),
                "--add-online" => AddOnline(
                    shared.RequireUser(parse, "--add-online"),
                    parse.GetValue(itemId) ?? throw new EncoreException("--add-online needs --item-id.")),
                _ => async (c, t) => $"top-{k} popular tracks: {Format(await c.PopularAsync(k, t))}",
            };

            var (client, log) = shared.Open(parse, cli);
            using (client)
            using (log)
            {
                try
                {
                    log.Info(call(client, cli.CancellationToken).GetAwaiter().GetResult());
                }
                catch (EncoreException e)
                {
                    log.Error(e.Message);
                    throw;
                }
            }

            return CommandRunner.Ok;
        }));
        return command;
    }

    private static Command CreateScenario(Shared shared)
    {
        var items = new Option<long[]>("--items")
        {
            Description = "The three listens to add (default: the user's top three offline recommendations, as if they played them).",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command(
            "scenario",
            "The seed's sequence for one user: popular; offline; add three listens; online; blended; with track names and artists.")
        {
            items,
        };
        command.SetAction(parse => CommandRunner.Run(parse, cli =>
        {
            var user = shared.RequireUser(parse, "scenario");
            var k = parse.GetValue(shared.K);
            var listens = parse.GetValue(items) ?? [];
            var (client, log) = shared.Open(parse, cli);
            using (client)
            using (log)
            {
                try
                {
                    new ClientScenario(client, log, cli.CancellationToken).RunAsync(user, k, listens).GetAwaiter().GetResult();
                }
                catch (EncoreException e)
                {
                    log.Error(e.Message);
                    throw;
                }
            }

            return CommandRunner.Ok;
        }));
        return command;
    }

    private static Func<ServiceClient, CancellationToken, Task<string>> Recs(
        long user, string kind, int k, Func<ServiceClient, long, CancellationToken, Task<IReadOnlyList<long>>> get) =>
        async (client, token) => $"{k} {kind} recommendations for user_id={user}: {Format(await get(client, user, token))}";

    private static Func<ServiceClient, CancellationToken, Task<string>> Events(long user, int k) =>
        async (client, token) =>
        {
            var latest = await client.EventsAsync(user, k, token);
            return $"latest {latest.Count} listens of user_id={user}: {Format(latest)}";
        };

    private static Func<ServiceClient, CancellationToken, Task<string>> AddOnline(long user, long item) =>
        async (client, token) =>
        {
            await client.AddEventAsync(user, item, token);
            return $"Successfully added item_id={item} to user_id={user} online history";
        };

    /// <summary>Ids as the seed's log shows them: <c>[53404, 178529]</c>.</summary>
    internal static string Format(IReadOnlyList<long> ids) => $"[{string.Join(", ", ids)}]";
}
