using System.Text.Json;
using System.Text.Json.Nodes;
using Encore.Core.Config;
using Encore.Core.Data;
using Encore.Core.Evaluation.Offline;
using Encore.Core.Pipeline.Steps;
using Encore.Core.Ranking;
using Encore.Core.Training;

namespace Encore.Core.Pipeline;

/// <summary>
/// The parameters of <c>encore pipeline</c>: one section per step, each bound to that step's own options type
/// (<see cref="PrepareOptions"/>, <see cref="TrainOptions"/>, <see cref="RankerOptions"/>, <see cref="EvaluateOptions"/>), so the defaults are
/// theirs and nowhere else. The evaluate section lists <c>protocols</c> instead of one <c>protocol</c>.
/// </summary>
/// <remarks>
/// Sources are applied in order (defaults, the file, each <c>--set</c>), and the result is bound and validated after
/// each one, so an error names the source that caused it.
/// </remarks>
public sealed class PipelineConfig
{
    public const string PrepareSection = "prepare";
    public const string TrainSection = "train";
    public const string RankerSection = "ranker";
    public const string EvaluateSection = "evaluate";
    public const string PublishSection = "publish";
    public const string ProtocolsKey = "protocols";

    private static readonly string s_protocolKey = JsonNamingPolicy.SnakeCaseLower.ConvertName(nameof(EvaluateOptions.Protocol));

    private readonly JsonObject _json;

    private PipelineConfig(JsonObject json, string source)
    {
        _json = (JsonObject)json.DeepClone();
        Prepare = Validated(ConfigJson.Bind<PrepareOptions>(Section(PrepareSection, source), PrepareSection, source), o => o.Validate(), source);
        Train = Validated(ConfigJson.Bind<TrainOptions>(Section(TrainSection, source), TrainSection, source), o => o.Validate(), source);
        Ranker = Validated(ConfigJson.Bind<RankerOptions>(Section(RankerSection, source), RankerSection, source), o => o.Validate(), source);
        Evaluate = BindEvaluate(Section(EvaluateSection, source), source);
        Publish = Validated(ConfigJson.Bind<PublishOptions>(Section(PublishSection, source), PublishSection, source), o => o.Validate(), source);
    }

    /// <summary>Every parameter at its default.</summary>
    public static PipelineConfig Default => new(Defaults(), "defaults");

    public PrepareOptions Prepare { get; }

    public TrainOptions Train { get; }

    public RankerOptions Ranker { get; }

    /// <summary>One evaluation per configured protocol, in the configured order.</summary>
    public IReadOnlyList<EvaluateOptions> Evaluate { get; }

    /// <summary>Where the artifacts go at the end; <see cref="PublishOptions.To"/> null publishes nothing.</summary>
    public PublishOptions Publish { get; }

    /// <summary>Defaults, then <paramref name="configPath"/> (if any), then each <c>key=value</c> of <paramref name="settings"/>.</summary>
    /// <exception cref="EncoreException">The file cannot be read, or a key is unknown or has a bad value (named with its source).</exception>
    public static PipelineConfig Load(string? configPath, IReadOnlyList<string>? settings = null)
    {
        var json = Defaults();
        var config = new PipelineConfig(json, "defaults");
        if (configPath is not null)
        {
            ConfigOverlay.Apply(json, ConfigOverlay.ReadFile(configPath), configPath);
            config = new PipelineConfig(json, configPath);
        }

        foreach (var setting in settings ?? [])
        {
            ConfigOverlay.Apply(json, ConfigOverlay.ParseSetting(setting), $"--set {setting}");
            config = new PipelineConfig(json, $"--set {setting}");
        }

        return config;
    }

    /// <summary>The effective configuration as encore.json, every key present.</summary>
    public string ToJson() => ConfigJson.Indented(_json) + "\n";

    private static JsonObject Defaults()
    {
        var evaluate = ConfigJson.ToNode(new EvaluateOptions());
        evaluate.Remove(s_protocolKey);
        evaluate.Insert(0, ProtocolsKey, new JsonArray(EvaluateOptions.StandardProtocolName));
        return new JsonObject
        {
            [PrepareSection] = ConfigJson.ToNode(new PrepareOptions()),
            [TrainSection] = ConfigJson.ToNode(new TrainOptions()),
            [RankerSection] = ConfigJson.ToNode(new RankerOptions()),
            [EvaluateSection] = evaluate,
            [PublishSection] = ConfigJson.ToNode(new PublishOptions()),
        };
    }

    private JsonObject Section(string name, string source) =>
        _json[name] as JsonObject ?? throw new EncoreException($"{source}: '{name}' must be an object.");

    private static List<EvaluateOptions> BindEvaluate(JsonObject section, string source)
    {
        string[] known = [EvaluateOptions.StandardProtocolName, EvaluateOptions.SeedProtocolName];
        var protocols = new List<string>();
        foreach (var item in section[ProtocolsKey]!.AsArray())
        {
            var name = item?.GetValueKind() == JsonValueKind.String ? item.GetValue<string>() : null;
            if (name is null || !known.Contains(name) || protocols.Contains(name))
            {
                throw new EncoreException(
                    $"{source}: '{EvaluateSection}.{ProtocolsKey}' must list distinct protocols from {string.Join(", ", known)}, " +
                    $"not {(item is null ? "null" : ConfigJson.Compact(item))}.");
            }

            protocols.Add(name);
        }

        if (protocols.Count == 0)
        {
            throw new EncoreException($"{source}: '{EvaluateSection}.{ProtocolsKey}' must name at least one protocol.");
        }

        var evaluations = new List<EvaluateOptions>();
        foreach (var protocol in protocols)
        {
            var options = new JsonObject { [s_protocolKey] = protocol };
            foreach (var (key, value) in section)
            {
                if (key != ProtocolsKey)
                {
                    options[key] = value?.DeepClone();
                }
            }

            evaluations.Add(Validated(ConfigJson.Bind<EvaluateOptions>(options, EvaluateSection, source), o => o.Validate(), source));
        }

        return evaluations;
    }

    private static T Validated<T>(T options, Action<T> validate, string source)
    {
        try
        {
            validate(options);
            return options;
        }
        catch (EncoreException e)
        {
            throw new EncoreException($"{source}: {e.Message}", e);
        }
    }
}
