namespace Encore.Core.Data.Generation;

/// <summary>
/// The 166 named genres, most popular first, in Yandex Music's spelling style. "child&gt;parent" marks an
/// umbrella genre: an artist of the child genre usually carries the parent as its second genre, which is
/// how the real catalog pairs rock with allrock and rusrap with rap.
/// </summary>
internal static class GenreNames
{
    public const int Count = 166;

    private static readonly string[] s_entries =
    [
        "pop", "rap", "allrock", "electronics", "metal>allrock", "rusrap>rap", "ruspop>pop", "rock>allrock",
        "dance>electronics", "alternative>allrock", "indie>allrock", "folk", "soundtrack", "rusrock>allrock",
        "foreignrap>rap", "house>electronics", "jazz", "classical", "hardrock>allrock", "estrada", "rnb",
        "techno>electronics", "punk>allrock", "relax", "rusestrada>estrada", "trance>electronics", "shanson",
        "soul>rnb", "blues", "country>folk", "dubstep>electronics", "drumandbass>electronics", "ambient>electronics",
        "experimental>electronics", "reggae", "numetal>metal", "postpunk>punk", "industrial>metal", "lounge>relax",
        "newage>relax", "edmgenre>electronics", "hiphop>rap", "trap>rap", "phonk>rap", "alternativemetal>metal",
        "metalcore>metal", "deathmetal>metal", "blackmetal>metal", "thrashmetal>metal", "doommetal>metal",
        "folkmetal>metal", "epicmetal>metal", "gothicmetal>metal", "classicmetal>metal", "progmetal>metal",
        "posthardcore>punk", "hardcore>punk", "emo>punk", "ska>punk", "newwave>rock", "postrock>rock", "prog>rock",
        "stonerrock>rock", "rocknroll>rock", "shoegazing>indie", "triphop>electronics", "downtempo>electronics",
        "lofi>relax", "chillout>relax", "synthpop>pop", "electropop>pop", "dancepop>pop", "poprock>pop",
        "disco>dance", "eurodance>dance", "italodisco>dance", "funk>soul", "rusfolk>folk", "bard>folk",
        "romances>estrada", "films>soundtrack", "tvseries>soundtrack", "videogame>soundtrack", "anime>soundtrack",
        "musical>soundtrack", "kpop>pop", "jpop>pop", "latin", "reggaeton>latin", "salsa>latin", "tango>latin",
        "bossanova>latin", "flamenco>latin", "world", "afrobeat>world", "eastern>world", "caucasian>world",
        "jewish>world", "balkan>world", "celtic>folk", "turkish>world", "indian>world", "arabic>world",
        "greek>world", "italianpop>pop", "frenchpop>pop", "schlager>estrada", "brazilian>latin", "conjazz>jazz",
        "smoothjazz>jazz", "tradjazz>jazz", "bigband>jazz", "swing>jazz", "bebop>jazz", "fusion>jazz",
        "vocaljazz>jazz", "opera>classical", "baroque>classical", "modernclassical>classical",
        "classicalmasterpieces>classical", "chamber>classical", "symphonic>classical", "piano>classical",
        "vocal>classical", "instrumental", "guitar>instrumental", "easylistening>relax", "acoustic>folk",
        "singersongwriter>folk", "hardstyle>electronics", "deephouse>house", "techhouse>house", "minimal>techno",
        "progressive>trance", "idm>electronics", "breakbeat>electronics", "grime>rap", "drill>rap", "ukrrap>rap",
        "ukrpop>pop", "bollywood>world", "children", "fairytales>children", "lullaby>children",
        "forchildren>children", "spoken", "audiobooks>spoken", "podcasts>spoken", "comedy>spoken",
        "humour>comedy", "meditation>relax", "fitness", "sport>fitness", "workout>fitness", "holiday",
        "newyear>holiday", "christmas>holiday", "wedding>holiday", "spiritual>religion", "education>spoken",
        "science>spoken", "business>spoken", "religion", "technologies>spoken", "musicpodcasts>podcasts",
        "health>spoken",
    ];

    private static readonly (string[] Names, int[] Parents) s_parsed = Parse();

    /// <summary>Genre names, index = popularity rank.</summary>
    public static IReadOnlyList<string> Names => s_parsed.Names;

    /// <summary>Index of each genre's umbrella genre, or -1.</summary>
    public static IReadOnlyList<int> Parents => s_parsed.Parents;

    /// <summary>
    /// Relative popularity of the genre at <paramref name="rank"/> (0-based): flat among the leaders, then a
    /// steep tail, as in the real catalog where pop has 10% of genre tags and health has two tracks.
    /// </summary>
    public static double Weight(int rank) => Math.Pow(rank + 6, -0.9) * Math.Exp(-(rank + 1) / 22.0);

    /// <summary>Running sum of <see cref="Weight"/> over the named genres, for sampling a genre by popularity.</summary>
    public static ReadOnlySpan<double> Cumulative => s_cumulative;

    private static readonly double[] s_cumulative = BuildCumulative(1.0);

    private static double[] BuildCumulative(double exponent)
    {
        var cumulative = new double[Count];
        double sum = 0;
        for (var g = 0; g < Count; g++)
        {
            sum += Math.Pow(Weight(g), exponent);
            cumulative[g] = sum;
        }

        return cumulative;
    }

    private static (string[] Names, int[] Parents) Parse()
    {
        var names = new string[s_entries.Length];
        for (var i = 0; i < s_entries.Length; i++)
        {
            var arrow = s_entries[i].IndexOf('>', StringComparison.Ordinal);
            names[i] = arrow < 0 ? s_entries[i] : s_entries[i][..arrow];
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            index.Add(names[i], i);
        }

        var parents = new int[s_entries.Length];
        for (var i = 0; i < s_entries.Length; i++)
        {
            var arrow = s_entries[i].IndexOf('>', StringComparison.Ordinal);
            parents[i] = arrow < 0 ? -1 : index[s_entries[i][(arrow + 1)..]];
        }

        return (names, parents);
    }
}
