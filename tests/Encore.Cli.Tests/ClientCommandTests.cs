using System.Net;
using System.Net.Sockets;

namespace Encore.Cli.Tests;

/// <summary><c>encore client</c>'s argument checks and its answer when no service listens or answers.</summary>
public sealed class ClientCommandTests
{
    [Fact]
    public void AnUnreachableServiceIsOneLineAndExitOneAndIsLogged()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("client.log");

        var (code, output, error) = CliHarness.Invoke("client", "--offline", "--user-id", "7", "--url", $"http://127.0.0.1:{ClosedPort()}", "--log", log);

        Assert.Equal(CommandRunner.UserError, code);
        Assert.Empty(output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("error: cannot reach the Encore service at http://127.0.0.1:", error, StringComparison.Ordinal);
        Assert.Contains("connection refused", error, StringComparison.Ordinal);
        Assert.Contains(" ERROR encore client: cannot reach the Encore service", File.ReadAllText(log), StringComparison.Ordinal);
    }

    [Fact]
    public void AServiceThatNeverAnswersTimesOutWithOneLine()
    {
        // The listener's backlog accepts the connection, but nothing ever reads the request or answers it.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";

        var (code, _, error) = CliHarness.Invoke("client", "--url", url, "--timeout", "0.5", "--no-log");

        Assert.Equal(CommandRunner.UserError, code);
        Assert.Equal($"error: {url}/recommendations_default?k=10: no answer within 0.5 s.", error.TrimEnd());
    }

    [Theory]
    [InlineData(new[] { "--offline" }, "error: --offline needs --user-id.")]
    [InlineData(new[] { "--blended", "--k", "5" }, "error: --blended needs --user-id.")]
    [InlineData(new[] { "--add-online", "--user-id", "3" }, "error: --add-online needs --item-id.")]
    [InlineData(new[] { "--online", "--blended", "--user-id", "3" }, "error: --online and --blended: give one of them at a time.")]
    [InlineData(new[] { "--url", "127.0.0.1:8000" }, "error: --url: '127.0.0.1:8000' is not an http:// or https:// URL.")]
    [InlineData(new[] { "--timeout", "0" }, "error: --timeout: must be a positive number of seconds up to 86,400, got 0.")]
    [InlineData(new[] { "scenario" }, "error: scenario needs --user-id.")]
    public void BadArgumentsExitOneNamingTheOption(string[] arguments, string expected)
    {
        var (code, _, error) = CliHarness.Invoke(["client", "--no-log", .. arguments]);

        Assert.Equal(CommandRunner.UserError, code);
        Assert.Equal(expected, error.TrimEnd());
    }

    /// <summary>A loopback port that nothing listens on: bound, read and released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
