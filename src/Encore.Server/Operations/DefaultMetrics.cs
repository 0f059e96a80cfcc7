using System.Diagnostics.Metrics;
using Prometheus;

namespace Encore.Server.Operations;

/// <summary>
/// What prometheus-net exports besides Encore's own families. Its meter adapter publishes every .NET meter of the
/// process, the runtime's private ones included: on Linux the QUIC transport's internal diagnostics meter alone adds
/// ~30 <c>private_internaldiagnostics_*msquic*</c> families that describe no public behaviour. Those are filtered out;
/// the process, runtime, Kestrel and HTTP meters and prometheus-net's own request metrics stay.
/// </summary>
public static class DefaultMetrics
{
    /// <summary>The prefix .NET gives its meters for internal use only.</summary>
    public const string InternalMeterPrefix = "Private.InternalDiagnostics.";

    private static readonly Lazy<bool> s_configured = new(() =>
    {
        Metrics.ConfigureMeterAdapter(options => options.InstrumentFilterPredicate = IsPublic);
        return true;
    });

    /// <summary>Applies the filter once per process; the adapter starts when metrics are first collected, so this runs before.</summary>
    public static void Configure() => _ = s_configured.Value;

    /// <summary>False for an instrument of a runtime-internal meter.</summary>
    public static bool IsPublic(Instrument instrument) =>
        !instrument.Meter.Name.StartsWith(InternalMeterPrefix, StringComparison.Ordinal);
}
