using Encore.Core.Pipeline.Steps;

namespace Encore.Core.Pipeline;

/// <summary>The steps of <c>encore pipeline</c> in order, each bound to its section of the configuration.</summary>
public static class PipelineSteps
{
    /// <remarks>
    /// A new step is one <see cref="IPipelineStep"/>
    /// class and one line here; its section goes into <see cref="PipelineConfig"/>.
    /// </remarks>
    public static IReadOnlyList<IPipelineStep> From(PipelineConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        List<IPipelineStep> steps =
        [
            new PrepareStep(config.Prepare),
            // Train fits the ranker's fit part when it warm-starts from it: it needs the ranker's label window. It
            // keeps the ranker's ALS candidates from its own search: it needs their number.
            new TrainStep(config.Train with { RankerLabelWindowDays = config.Ranker.LabelWindowDays, RankerAlsCandidates = config.Ranker.AlsCandidates }),
            new RankerStep(config.Ranker, fitPartFromTrain: config.Train.WarmStartIterations > 0),
            new EvaluateStep(config.Evaluate),
        ];
        if (config.Publish.To is not null)
        {
            steps.Add(new PublishStep(config.Publish));
        }

        return steps;
    }
}
