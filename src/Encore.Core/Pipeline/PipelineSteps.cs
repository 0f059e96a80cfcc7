using Encore.Core.Pipeline.Steps;

namespace Encore.Core.Pipeline;

/// <summary>The steps of <c>encore pipeline</c> in order, each bound to its section of the configuration.</summary>
public static class PipelineSteps
{
    /// <remarks>
    /// A new step (the ranker between train and evaluate) is one <see cref="IPipelineStep"/>
    /// class and one line here; its section goes into <see cref="PipelineConfig"/>.
    /// </remarks>
    public static IReadOnlyList<IPipelineStep> From(PipelineConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        List<IPipelineStep> steps =
        [
            new PrepareStep(config.Prepare),
            new TrainStep(config.Train),
            new EvaluateStep(config.Evaluate),
        ];
        if (config.Publish.To is not null)
        {
            steps.Add(new PublishStep(config.Publish));
        }

        return steps;
    }
}
