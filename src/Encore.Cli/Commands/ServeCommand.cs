using System.CommandLine;
using System.Net;
using Encore.Core;
using Encore.Server;
using Encore.Server.Serving;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Encore.Cli.Commands;

/// <summary>What <c>encore serve</c> (and the demo) starts the service with.</summary>
/// <param name="Artifacts">A directory written by train, or s3://bucket/prefix.</param>
/// <param name="Data">items.parquet or its directory instead of the set's catalog.parquet; null serves the set's own.</param>
/// <param name="Urls">Where to listen, e.g. http://127.0.0.1:8000 (';' between several).</param>
/// <param name="Role">all, recommendations, features or events.</param>
/// <param name="Extra">Further configuration as --Section:Key=value.</param>
/// <param name="OwnsProcess">The process exists to serve, so process-wide settings apply (see EncoreServer.ApplyProcessSettings).</param>
public sealed record ServeSettings(string? Artifacts, string? Data, string Urls, string Role, IReadOnlyList<string> Extra, bool OwnsProcess = false);

/// <summary>
/// <c>encore serve</c>: the recommendation service (docs/service.md) on an artifact set. Any other configuration
/// key can follow as <c>--Section:Key=value</c> (e.g. <c>--Events:Store=redis</c>); Ctrl+C stops it cleanly.
/// </summary>
public static class ServeCommand
{
    public const string DefaultUrls = "http://127.0.0.1:8000";

    public static Command Create(bool ownsProcess = false)
    {
        var artifacts = new Option<string?>("--artifacts", "-a")
        {
            Description = "Artifacts directory (from train or pipeline) or s3://bucket/prefix (from publish); not needed for --role events.",
        };
        var data = new Option<string?>("--data")
        {
            Description = "items.parquet, or the data directory holding it, for track names instead of the set's own catalog.parquet (needed only for a set trained before sets carried their catalogue).",
        };
        var urls = new Option<string>("--urls") { Description = "Where to listen.", DefaultValueFactory = _ => DefaultUrls };
        var role = new Option<string>("--role")
        {
            Description = "all (default), or one of the seed's services: recommendations, features, events.",
            DefaultValueFactory = _ => ServerOptions.AllRoles,
        };
        role.AcceptOnlyFromAmong(ServerOptions.AllRoles, ServerOptions.RecommendationsRole, ServerOptions.FeaturesRole, ServerOptions.EventsRole);
        var command = new Command("serve", "Serve recommendations over HTTP: the seed's API and a REST API (docs/service.md). Other settings: --Section:Key=value.")
        {
            artifacts, data, urls, role,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse => CommandRunner.Run(parse, cli => Run(cli, new ServeSettings(
            parse.GetValue(artifacts), parse.GetValue(data), parse.GetValue(urls)!, parse.GetValue(role)!, [.. parse.UnmatchedTokens], ownsProcess))));
        return command;
    }

    /// <summary>Starts the service, waits for its artifacts, prints where it listens and serves until Ctrl+C.</summary>
    /// <exception cref="EncoreException">Bad configuration, a port in use, or artifacts that do not load.</exception>
    public static int Run(CliContext cli, ServeSettings settings, Action<IReadOnlyList<string>>? onReady = null)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var token in settings.Extra)
        {
            if (!token.StartsWith("--", StringComparison.Ordinal) || !token.Contains('=', StringComparison.Ordinal))
            {
                throw new EncoreException($"Unrecognized argument '{token}': serve takes its own options and configuration as --Section:Key=value.");
            }
        }

        CheckUrls(settings.Urls);
        List<string> args = [$"--urls={settings.Urls}", $"--{ServerOptions.Section}:Role={settings.Role}"];
        if (settings.Artifacts is not null)
        {
            args.Add($"--{ArtifactsOptions.Section}:Location={settings.Artifacts}");
        }

        if (settings.Data is not null)
        {
            args.Add($"--{ArtifactsOptions.Section}:Items={settings.Data}");
        }

        args.AddRange(settings.Extra);
        WebApplication app;
        try
        {
            app = EncoreServer.Build([.. args]);
        }
        catch (OptionsValidationException e)
        {
            throw new EncoreException(string.Join(" ", e.Failures));
        }
        catch (InvalidOperationException e) when (e.InnerException is FormatException or InvalidOperationException or ArgumentException)
        {
            // The configuration binder's "Failed to convert configuration value at 'Section:Key' to type ...".
            throw new EncoreException(e.Message);
        }

        return RunAsync(cli, app, settings.OwnsProcess, onReady).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Checks --urls as Kestrel will read it (';' between addresses), so that a malformed one is named here instead of
    /// surfacing as Kestrel's FormatException or ArgumentOutOfRangeException at start-up.
    /// </summary>
    /// <exception cref="EncoreException">An empty list, or an address that is not http(s)://host:port.</exception>
    internal static void CheckUrls(string urls)
    {
        var addresses = urls.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (addresses.Length == 0)
        {
            throw new EncoreException($"--urls: give at least one address, e.g. {DefaultUrls}.");
        }

        foreach (var address in addresses)
        {
            BindingAddress parsed;
            try
            {
                parsed = BindingAddress.Parse(address);
            }
            catch (FormatException)
            {
                throw new EncoreException($"--urls: '{address}' is not an address like {DefaultUrls}.");
            }

            if (parsed.Scheme is not ("http" or "https"))
            {
                throw new EncoreException($"--urls: '{address}' has scheme '{parsed.Scheme}'; use http:// or https://.");
            }

            if (!parsed.IsUnixPipe && !parsed.IsNamedPipe && parsed.Port is < 0 or > IPEndPoint.MaxPort)
            {
                throw new EncoreException($"--urls: '{address}' has port {parsed.Port}; a port is 0 to {IPEndPoint.MaxPort}.");
            }
        }
    }

    private static async Task<int> RunAsync(CliContext cli, WebApplication app, bool ownsProcess, Action<IReadOnlyList<string>>? onReady)
    {
        await using var _ = app;
        try
        {
            if (ownsProcess)
            {
                EncoreServer.ApplyProcessSettings(app);
            }

            await app.StartAsync(cli.CancellationToken);
        }
        catch (OptionsValidationException e)
        {
            throw new EncoreException(string.Join(" ", e.Failures));
        }
        catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is OptionsValidationException))
        {
            // ValidateOnStart reports every invalid section at once.
            throw new EncoreException(string.Join(" ", e.InnerExceptions.SelectMany(inner => ((OptionsValidationException)inner).Failures).Distinct()));
        }
        catch (InvalidOperationException e) when (e.InnerException is FormatException or InvalidOperationException or ArgumentException)
        {
            throw new EncoreException(e.Message);
        }
        catch (IOException e)
        {
            throw new EncoreException($"Cannot listen: {e.Message}", e);
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        var role = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.Role;
        var say = new ServeAnnouncements(cli, app);
        say.Listening(role, addresses);
        // The first load ends either way (ServingSetHost turns every failure into an outcome); SIGTERM (which stops
        // the host) and Ctrl+C end the wait too, so a slow or stuck load never keeps the process up.
        var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var firstLoad = app.Services.GetRequiredService<ServingSetHost>().FirstLoad;
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cli.CancellationToken, stopping))
        {
            await Task.WhenAny(firstLoad, Task.Delay(Timeout.Infinite, stop.Token));
        }

        if (!firstLoad.IsCompleted || stopping.IsCancellationRequested || cli.CancellationToken.IsCancellationRequested)
        {
            await app.StopAsync(CancellationToken.None);
            say.StoppedBeforeLoading();
            return CommandRunner.Ok;
        }

        var loaded = await firstLoad;
        if (!loaded.Succeeded)
        {
            // A set that cannot be served at start-up is a failed start: exit 1 naming the file, rather than a
            // process that stays up unready (a supervisor restarts it; /health/ready said "failed" meanwhile).
            await app.StopAsync(CancellationToken.None);
            throw new EncoreException(loaded.LocalError ?? loaded.Error!);
        }

        say.Ready(loaded.Duration.TotalSeconds, addresses.FirstOrDefault());
        onReady?.Invoke(addresses);
        // Returns when Ctrl+C cancels the token (the host then stops, letting requests in flight finish) or the host stops.
        await app.WaitForShutdownAsync(cli.CancellationToken);
        say.Stopped();
        return CommandRunner.Ok;
    }
}
