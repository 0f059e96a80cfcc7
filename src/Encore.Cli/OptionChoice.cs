using System.CommandLine;
using Encore.Core.Config;

namespace Encore.Cli;

/// <summary>
/// A flag whose value is one of an enum's spellings (<see cref="OptionValues"/>), the same words as encore.json and
/// manifest.json use. Tab completion offers them; anything else is bad input (exit 1) with the spellings listed.
/// </summary>
internal static class OptionChoice
{
    public static Option<string> Create<TEnum>(string name, string description, TEnum defaultValue)
        where TEnum : struct, Enum
    {
        var option = new Option<string>(name)
        {
            Description = description,
            DefaultValueFactory = _ => OptionValues.Name(defaultValue),
        };
        option.CompletionSources.Add([.. OptionValues.Names<TEnum>()]);
        return option;
    }

    public static TEnum Value<TEnum>(this ParseResult parse, Option<string> option)
        where TEnum : struct, Enum => OptionValues.Parse<TEnum>(parse.GetValue(option), option.Name);
}
