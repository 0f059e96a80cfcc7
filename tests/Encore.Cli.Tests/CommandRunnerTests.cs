using Encore.Core;

namespace Encore.Cli.Tests;

public sealed class CommandRunnerTests
{
    [Fact]
    public void UserErrorPrintsOneLineWithoutStackTraceAndExitsOne()
    {
        var error = new StringWriter();
        var code = CommandRunner.Run(_ => throw new EncoreException("File 'x.parquet': column 'user_id' is missing."), new StringWriter(), error);
        Assert.Equal(CommandRunner.UserError, code);
        Assert.Equal("error: File 'x.parquet': column 'user_id' is missing." + Environment.NewLine, error.ToString());
    }

    [Fact]
    public void SuccessReturnsTheBodysExitCode()
    {
        Assert.Equal(0, CommandRunner.Run(_ => 0, new StringWriter(), new StringWriter()));
    }
}
