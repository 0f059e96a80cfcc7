using System.Text.Json;
using System.Text.Json.Serialization;
using Encore.Core.Serving;
using Encore.Server.Apis;
using Encore.Server.Events;
using Encore.Server.Explorer;
using Encore.Server.Operations;
using Encore.Server.Serving;
using Encore.Server.SimilarTracks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Prometheus;
using Scalar.AspNetCore;

namespace Encore.Server;

/// <summary>
/// Builds the recommendation service: configuration (appsettings.json, then ENCORE_-prefixed environment variables,
/// then command-line <c>--Section:Key=value</c>), the role's endpoints, operations endpoints and middleware. Program.cs
/// and <c>encore serve</c> both host what this returns.
/// </summary>
public static class EncoreServer
{
    /// <summary>The prefix of environment variables that override configuration (ENCORE_Recommendations__MaxK=50).</summary>
    public const string EnvironmentPrefix = "ENCORE_";

    private const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Builds the application; the caller starts it.</summary>
    /// <param name="args">Command-line configuration (<c>--Artifacts:Location=dir</c>, <c>--urls=...</c>).</param>
    /// <param name="configure">Last changes to the builder before it builds (tests use a test server).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json ships next to the assembly, also when the CLI hosts the server from another directory.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        builder.Configuration.AddCommandLine(args);
        DefaultMetrics.Configure();
        AddServices(builder);
        configure?.Invoke(builder);
        var app = builder.Build();
        MapEndpoints(app);
        return app;
    }

    /// <summary>
    /// Applies the settings that belong to the whole process (<see cref="ServerOptions.InlineSocketCompletions"/>).
    /// Only a process that exists to serve calls this, before it starts <paramref name="app"/>: inline completions run
    /// every socket continuation of the process on an epoll thread, so a host that also runs other code (tests, the
    /// demo) would stall its sockets the first time that code blocks in a continuation.
    /// </summary>
    public static void ApplyProcessSettings(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var server = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
        if (server.InlineSocketCompletions && Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
        {
            // The runtime reads this once, when the first socket is registered with its epoll engine, so it is set
            // before Kestrel opens any; an explicit value in the environment wins.
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        }
    }

    private static void AddServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        Bind<ServerOptions, ServerOptionsValidator>(services, ServerOptions.Section);
        Bind<ArtifactsOptions, ArtifactsOptionsValidator>(services, ArtifactsOptions.Section);
        Bind<PeersOptions, PeersOptionsValidator>(services, PeersOptions.Section);
        Bind<RecommendationOptions, RecommendationOptionsValidator>(services, RecommendationOptions.Section);
        services.AddEventStore(configuration);
        services.AddOptions<ExplorerOptions>().BindConfiguration(ExplorerOptions.Section).ValidateOnStart()
            .Validate(o => o.ReportDirectory.Length == 0 || Directory.Exists(o.ReportDirectory), $"{ExplorerOptions.Section}:ReportDirectory: directory not found.");
        // Logging:Console:FormatterOptions is shared by every console formatter, and its TimestampFormat ends with
        // the space that separates the simple formatter's timestamp from the level; in a JSON "Timestamp" that space
        // is noise (and breaks exact parsing), so the JSON formatter drops it.
        services.PostConfigure<JsonConsoleFormatterOptions>(json => json.TimestampFormat = json.TimestampFormat?.TrimEnd());

        var server = configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = server.MaxRequestBodyBytes;
            // Kestrel answers a request over its own header and request-line limits with an empty body; RequestLimits
            // enforces the configured ones with problem+json, so Kestrel's sit above them.
            kestrel.Limits.MaxRequestHeadersTotalSize = RequestLimits.ForKestrel(server.MaxRequestHeadersBytes);
            kestrel.Limits.MaxRequestHeaderCount = RequestLimits.ForKestrel(server.MaxRequestHeaderCount);
            kestrel.Limits.MaxRequestLineSize = RequestLimits.ForKestrel(server.MaxRequestTargetBytes + RequestLimits.RequestLineOverhead);
            if (server.RewriteKestrelRejections)
            {
                // Every endpoint, those of --urls and ASPNETCORE_URLS included: what Kestrel still refuses itself (a
                // request it cannot parse, or beyond even those limits) is rewritten from its empty answer into problem+json.
                kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Use(next => KestrelRejections.Use(next, server)));
            }
        });

        services.AddSingleton<ServingSetHost>();
        services.AddHostedService(provider => provider.GetRequiredService<ServingSetHost>());
        services.AddSingleton<ServiceStats>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DependencyWarnings>();
        services.AddSingleton<RecommendationService>();
        services.AddSingleton<ApiServices>();
        if (server.Serves(ServerOptions.EventsRole) || server.Serves(ServerOptions.RecommendationsRole))
        {
            services.AddHostedService<EventStoreWarmup>();
        }

        if (server.Role == ServerOptions.RecommendationsRole)
        {
            // The features role holds the similar tracks; short timeouts and read retries, and a failure only empties
            // the online part of a list.
            services.AddHttpClient<ISimilarItemsSource, HttpSimilarItems>((provider, client) =>
                    client.BaseAddress = WithTrailingSlash(provider.GetRequiredService<IOptions<PeersOptions>>().Value.FeaturesUrl!))
                .AddStandardResilienceHandler()
                .Configure((resilience, provider) =>
                {
                    var peers = provider.GetRequiredService<IOptions<PeersOptions>>().Value;
                    PeerResilience.Configure(resilience, peers.AttemptTimeout, peers.TotalTimeout, peers.Retries);
                });
        }
        else
        {
            services.AddSingleton<ISimilarItemsSource, LocalSimilarItems>();
        }

        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = StatusCodeProblems.Customize);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddOpenApi(openApi => openApi.AddSchemaTransformer(ExternalIdSchema.DescribeAsync));
    }

    private static void MapEndpoints(WebApplication app)
    {
        var server = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
        if (server.RequestLog)
        {
            // Outermost, so it logs the status the client got; when off it is not in the pipeline at all.
            app.UseMiddleware<RequestLog>();
        }

        // Every answer names the artifact set's version (X-Encore-Artifacts), errors and health checks included.
        app.UseMiddleware<ArtifactVersionHeader>();

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestLimits>();
        app.UseRouting();
        // After routing, so that request counts and latencies are labelled by endpoint.
        app.UseHttpMetrics();
        app.MapSeedApi(server);
        app.MapUsersApi(server);
        app.MapItemsApi(server);
        app.MapExplorer(server);
        app.MapOperationsApi();
        app.MapMetrics("/metrics").RequireApiKeyForOperations(server);
        app.MapOpenApi();
        app.MapScalarApiReference("/docs");
    }

    private static void Bind<TOptions, TValidator>(IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
    }

    // A base address without a trailing slash loses its last path segment when a relative path is appended.
    private static Uri WithTrailingSlash(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}
