using Encore.Server.Serving;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Encore.Server.Tests.Serving;

/// <summary>
/// The service as <see cref="EncoreServer.Build"/> makes it, configured by <c>Section:Key=value</c> settings, on an
/// in-memory test server (or on a real 127.0.0.1 port, for the split-role tests), started and loaded.
/// </summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    private ServiceHost(WebApplication app, HttpClient client)
    {
        App = app;
        Client = client;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    /// <summary>The base URL of a host started with <c>realPort: true</c>.</summary>
    public Uri BaseUrl => new(App.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single() + "/");

    public ServingSetHost Artifacts => App.Services.GetRequiredService<ServingSetHost>();

    /// <param name="settings">Configuration as Section:Key=value.</param>
    /// <param name="realPort">Listen on a 127.0.0.1 port instead of the in-memory test server.</param>
    /// <param name="expectLoaded">Whether the first load is expected to succeed.</param>
    /// <param name="logging">Where the host's logs go (none by default).</param>
    public static async Task<ServiceHost> StartAsync(string[] settings, bool realPort = false, bool expectLoaded = true, ILoggerProvider? logging = null)
    {
        var args = settings.Select(s => "--" + s).ToList();
        if (realPort)
        {
            args.Add("--urls=http://127.0.0.1:0");
        }

        var app = EncoreServer.Build([.. args], builder =>
        {
            builder.Logging.ClearProviders();
            if (logging is not null)
            {
                builder.Logging.AddProvider(logging);
            }
            if (!realPort)
            {
                builder.WebHost.UseTestServer();
            }
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        // Bounded: a first load that never completes (a failure that escaped it) fails the test instead of hanging it.
        var loaded = await app.Services.GetRequiredService<ServingSetHost>().FirstLoad.WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        Assert.True(loaded.Succeeded == expectLoaded, loaded.Error ?? "the artifacts loaded");
        var client = realPort ? new HttpClient { BaseAddress = null } : app.GetTestClient();
        var host = new ServiceHost(app, client);
        if (realPort)
        {
            client.BaseAddress = host.BaseUrl;
        }

        return host;
    }

    /// <summary>Stops serving: the role is down, its port refuses connections.</summary>
    public Task StopAsync() => App.StopAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}
