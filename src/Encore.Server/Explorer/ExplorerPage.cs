using System.Collections.Frozen;
using Encore.Server.Apis;
using Microsoft.Net.Http.Headers;

namespace Encore.Server.Explorer;

/// <summary>
/// The explorer page at <c>/explore</c>: three static files (HTML, CSS, JavaScript) embedded in this assembly and
/// served as they are, calling the REST API (<see cref="ExplorerApi"/> and the recommendations and items APIs). A
/// browser that opens <c>/</c> gets a short page linking here and to the API docs; every other client still gets the
/// seed's JSON message there.
/// </summary>
public static class ExplorerPage
{
    /// <summary>The page's address.</summary>
    public const string Path = "/explore";

    private const string ResourcePrefix = "Encore.Server.Explorer.";

    private static readonly FrozenDictionary<string, (string ContentType, byte[] Content)> s_files = Load();

    private static readonly byte[] s_landing = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Encore</title></head>
        <body style="font-family: 'Liberation Sans', Arial, sans-serif; margin: 2rem">
        <h1>Encore</h1>
        <p>A music recommender service.</p>
        <ul>
        <li><a href="/explore">Explorer</a>: a listener's history and recommendations, similar tracks, the model report</li>
        <li><a href="/docs">API docs</a> (<a href="/openapi/v1.json">OpenAPI</a>)</li>
        </ul>
        </body></html>
        """u8.ToArray();

    /// <summary>Maps the page, its API and the browsers' landing page when the service serves recommendations.</summary>
    public static WebApplication MapExplorer(this WebApplication app, ServerOptions server)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(server);
        if (!server.Serves(ServerOptions.RecommendationsRole))
        {
            return app;
        }

        app.MapExplorerApi(server);
        app.Use(LandingForBrowsers);
        var page = app.MapGroup(Path).ExcludeFromDescription();
        page.MapGet("", () => File("index.html"));
        page.MapGet("/explorer.js", () => File("explorer.js"));
        page.MapGet("/explorer.css", () => File("explorer.css"));
        return app;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.FileContentHttpResult File(string name)
    {
        var (type, content) = s_files[name];
        return TypedResults.Bytes(content, type);
    }

    // Only a client that asks for HTML (a browser) gets the landing page; the seed's clients send */* or JSON.
    private static Task LandingForBrowsers(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        if (request.Path == "/" && HttpMethods.IsGet(request.Method) && WantsHtml(request))
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            return context.Response.Body.WriteAsync(s_landing, context.RequestAborted).AsTask();
        }

        return next();
    }

    private static bool WantsHtml(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)
        && accepted.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) && a.Quality is not 0);

    private static FrozenDictionary<string, (string, byte[])> Load()
    {
        var assembly = typeof(ExplorerPage).Assembly;
        var files = new Dictionary<string, (string, byte[])>(StringComparer.Ordinal);
        foreach (var (name, type) in new[]
                 {
                     ("index.html", "text/html; charset=utf-8"), ("explorer.js", "text/javascript; charset=utf-8"),
                     ("explorer.css", "text/css; charset=utf-8"),
                 })
        {
            using var stream = assembly.GetManifestResourceStream(ResourcePrefix + name)
                ?? throw new InvalidOperationException($"The explorer's {name} is not embedded in {assembly.GetName().Name}.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[name] = (type, copy.ToArray());
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
