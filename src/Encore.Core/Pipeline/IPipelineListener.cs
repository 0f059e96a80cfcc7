namespace Encore.Core.Pipeline;

/// <summary>Hears what the pipeline does, and gives each running step a progress sink (the CLI draws bars with it).</summary>
public interface IPipelineListener
{
    /// <summary>Step <paramref name="index"/> (0-based) of <paramref name="count"/> was skipped.</summary>
    void Skipped(int index, int count, StepRecord record);

    /// <summary>Step <paramref name="index"/> of <paramref name="count"/> starts, and why it must run.</summary>
    void Starting(int index, int count, string stepName, string reason);

    /// <summary>Runs one step's work with a progress sink.</summary>
    T WithProgress<T>(Func<IProgress<ProgressUpdate>, T> work);

    /// <summary>Step <paramref name="index"/> of <paramref name="count"/> committed its outputs.</summary>
    void Finished(int index, int count, StepRecord record, StepResult result);
}

/// <summary>A listener that ignores everything.</summary>
public sealed class NullPipelineListener : IPipelineListener
{
    public static readonly NullPipelineListener Instance = new();

    public void Skipped(int index, int count, StepRecord record) { }

    public void Starting(int index, int count, string stepName, string reason) { }

    public T WithProgress<T>(Func<IProgress<ProgressUpdate>, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return work(NullProgress.Instance);
    }

    public void Finished(int index, int count, StepRecord record, StepResult result) { }
}
