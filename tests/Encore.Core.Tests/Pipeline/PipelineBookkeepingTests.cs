using System.Text.Json.Nodes;
using Encore.Core.Pipeline;

namespace Encore.Core.Tests.Pipeline;

/// <summary>The runner's records with two one-file steps: hashes, verify, cancellation, missing inputs.</summary>
public sealed class PipelineBookkeepingTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly PipelineLayout _layout;

    public PipelineBookkeepingTests()
    {
        _layout = new PipelineLayout(_dir.Combine("raw"), _dir.Combine("out"));
        Directory.CreateDirectory(_layout.RawDirectory);
        File.WriteAllText(Path.Combine(_layout.RawDirectory, "input.txt"), "abc");
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Copies its input to its output with a suffix; counts its runs.</summary>
    private sealed class SuffixStep(string name, Func<PipelineLayout, StepFile> input, string output, string suffix) : IPipelineStep
    {
        public int Runs { get; private set; }

        public Action? During { get; init; }

        public string Name => name;

        public JsonNode Parameters => new JsonObject { ["suffix"] = suffix };

        public IReadOnlyList<StepFile> Inputs(PipelineLayout layout) => [input(layout)];

        public IReadOnlyList<StepFile> Outputs(PipelineLayout layout) => [layout.Output(output)];

        public StepResult Run(PipelineLayout layout, IProgress<ProgressUpdate> progress, CancellationToken cancellationToken)
        {
            Runs++;
            During?.Invoke();
            cancellationToken.ThrowIfCancellationRequested();
            File.WriteAllText(layout.Output(output).Path, File.ReadAllText(input(layout).Path) + suffix);
            return new StepResult($"wrote {output}");
        }
    }

    private static SuffixStep First(string suffix = "1") => new("first", l => l.Raw("input.txt"), "first.txt", suffix);

    private static SuffixStep Second(string suffix = "2") => new("second", l => l.Output("first.txt"), "second.txt", suffix);

    private PipelineSummary Run(params IPipelineStep[] steps) => Run(new PipelineRunOptions(), steps);

    private PipelineSummary Run(PipelineRunOptions options, params IPipelineStep[] steps) =>
        PipelineRunner.Run(_layout, steps, options, cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public void AChangedRawInputRerunsTheStepThatReadsIt()
    {
        Run(First(), Second());
        File.WriteAllText(Path.Combine(_layout.RawDirectory, "input.txt"), "abcd");
        var first = First();
        var second = Second();

        var summary = Run(first, second);

        Assert.Equal("raw/input.txt changed", summary.Steps[0].Reason);
        Assert.Equal("first.txt changed", summary.Steps[1].Reason);
        Assert.Equal("abcd12", File.ReadAllText(_layout.Output("second.txt").Path));
    }

    [Fact]
    public void AnOutputEditedInPlaceIsCaughtOnlyWithVerify()
    {
        Run(First(), Second());
        File.WriteAllText(_layout.Output("second.txt").Path, "xyz12");

        var trusting = Run(First(), Second());
        var verifying = Run(new PipelineRunOptions { Verify = true }, First(), Second());

        Assert.Equal(StepStatus.Skipped, trusting.Steps[1].Status);
        Assert.Equal(StepStatus.Skipped, verifying.Steps[0].Status);
        Assert.Equal("second.txt changed", verifying.Steps[1].Reason);
        Assert.Equal("abc12", File.ReadAllText(_layout.Output("second.txt").Path));
    }

    [Fact]
    public void ForcingEverythingRerunsEveryStep()
    {
        Run(First(), Second());
        var first = First();
        var second = Second();

        var summary = Run(new PipelineRunOptions { Force = PipelineRunOptions.AllSteps }, first, second);

        Assert.All(summary.Steps, s => Assert.Equal("forced", s.Reason));
        Assert.Equal((1, 1), (first.Runs, second.Runs));
    }

    [Fact]
    public void CancellingAStepLeavesNoStateForItAndKeepsTheEarlierOnes()
    {
        using var cancel = new CancellationTokenSource();
        var cancelling = new SuffixStep("second", l => l.Output("first.txt"), "second.txt", "2") { During = cancel.Cancel };

        Assert.Throws<OperationCanceledException>(() =>
            PipelineRunner.Run(_layout, [First(), cancelling], new PipelineRunOptions(), cancellationToken: cancel.Token));

        Assert.True(File.Exists(StepState.PathOf(_layout, "first")));
        Assert.False(File.Exists(StepState.PathOf(_layout, "second")));
        var summary = PipelineSummary.TryRead(_layout.Summary)!;
        Assert.Equal((StepStatus.Failed, "cancelled"), (summary.Steps[1].Status, summary.Steps[1].Reason));

        var resumed = Run(First(), Second());
        Assert.Equal([StepStatus.Skipped, StepStatus.Ran], resumed.Steps.Select(s => s.Status));
    }

    [Fact]
    public void AMissingInputIsNamed()
    {
        File.Delete(Path.Combine(_layout.RawDirectory, "input.txt"));

        var error = Assert.Throws<EncoreException>(() => Run(First()));

        Assert.Contains("input.txt: file not found (raw/input.txt)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheStateRecordsHashesSizesAndParameters()
    {
        Run(First());

        var state = StepState.TryRead(StepState.PathOf(_layout, "first"))!;

        Assert.Equal("first", state.Step);
        Assert.Equal("{\"suffix\":\"1\"}", state.Parameters.ToJsonString());
        var input = Assert.Single(state.Inputs);
        Assert.Equal(("raw/input.txt", 3L), (input.File, input.Bytes));
        // SHA-256 of "abc".
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", input.Sha256);
        var output = Assert.Single(state.Outputs);
        Assert.Equal(("first.txt", 4L), (output.File, output.Bytes));
    }
}
