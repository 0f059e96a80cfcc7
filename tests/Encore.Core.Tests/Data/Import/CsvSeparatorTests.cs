using Encore.Core.Data.Import;

namespace Encore.Core.Tests.Data.Import;

public sealed class CsvSeparatorTests
{
    [Theory]
    [InlineData("a\tb\tc,d\n", '\t')]
    [InlineData("a,b,c\n", ',')]
    [InlineData("\n\na;b\n", ';')]
    public void AutoPicksTheMostFrequentSeparatorOfTheFirstNonBlankLine(string text, char expected)
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("f.txt");
        File.WriteAllText(path, text);
        Assert.Equal(expected, CsvSeparator.Resolve(path, CsvSeparator.Auto, "--events"));
    }

    [Fact]
    public void AutoFailsOnASingleColumnAndAsksForSep()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("f.txt");
        File.WriteAllText(path, "justone\n");
        var error = Assert.Throws<EncoreException>(() => CsvSeparator.Resolve(path, CsvSeparator.Auto, "--events"));
        Assert.Contains("--sep", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("auto", CsvSeparator.Auto)]
    [InlineData("\\t", '\t')]
    [InlineData("tab", '\t')]
    [InlineData(",", ',')]
    [InlineData(";", ';')]
    public void ParseAcceptsTheDocumentedSpellings(string text, char expected) => Assert.Equal(expected, CsvSeparator.Parse(text));

    [Fact]
    public void ParseRejectsOtherSeparatorsNamingTheOption() =>
        Assert.Contains("--sep", Assert.Throws<EncoreException>(() => CsvSeparator.Parse("|")).Message, StringComparison.Ordinal);
}
