namespace Encore.Core.Pipeline;

/// <summary>How <see cref="PipelineRunner.Run"/> decides what to rerun.</summary>
public sealed record PipelineRunOptions
{
    /// <summary>The <see cref="Force"/> value that reruns every step.</summary>
    public const string AllSteps = "all";

    /// <summary>null: rerun only what changed; a step name: rerun it and every step after it; <see cref="AllSteps"/>: everything.</summary>
    public string? Force { get; init; }

    /// <summary>Hash every input and output again instead of trusting size and last write time.</summary>
    public bool Verify { get; init; }
}
