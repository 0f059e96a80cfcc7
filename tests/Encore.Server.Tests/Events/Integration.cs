namespace Encore.Server.Tests.Events;

/// <summary>
/// What a test does when an external server it needs is missing: skip with the reason on a developer's machine,
/// fail in CI (ENCORE_REQUIRE_INTEGRATION=1), where a silently skipped backend would hide a broken install step.
/// </summary>
internal static class Integration
{
    public static bool Required => Environment.GetEnvironmentVariable("ENCORE_REQUIRE_INTEGRATION") == "1";

    public static void Unavailable(string reason)
    {
        if (Required)
        {
            Assert.Fail($"{reason} (ENCORE_REQUIRE_INTEGRATION=1 requires it)");
        }

        Assert.Skip(reason);
    }
}
