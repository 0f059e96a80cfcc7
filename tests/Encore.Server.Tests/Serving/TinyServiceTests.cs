namespace Encore.Server.Tests.Serving;

/// <summary>
/// The base of the API tests that talk to a service serving a fresh <see cref="TinyArtifacts"/> set with the default
/// settings: each test gets its own set and host, so events one test posts never reach another.
/// </summary>
public abstract class TinyServiceTests : IAsyncLifetime
{
    private ServiceHost? _host;

    protected TinyArtifacts Artifacts { get; } = new();

    private protected ServiceHost Host => _host ?? throw new InvalidOperationException("The host starts in InitializeAsync.");

    protected HttpClient Client => Host.Client;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await ServiceHost.StartAsync([$"Artifacts:Location={Artifacts.Directory}"]);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        Artifacts.Dispose();
        GC.SuppressFinalize(this);
    }
}
