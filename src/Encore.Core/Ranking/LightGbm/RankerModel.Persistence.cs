using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Encore.Core.Ranking.LightGbm;

public sealed partial class RankerModel
{
    // File layout (little-endian), version 1:
    //   8-byte magic "ENCORERK", int32 version, int64 payload length, payload, SHA-256 of the payload (32 bytes).
    //   payload: options (int32 objective, int32 trees, int32 leaves, float64 learning rate, int32 min rows per leaf,
    //            int32 seed, int32 threads), int32 features, the feature names (BinaryWriter strings),
    //            float64[features] gains, int32 trees, int32[trees] roots, int32 nodes,
    //            nodes × (int32 feature, float32 threshold, int32 left, int32 right), int32 leaves, float64[leaves].
    // Version 2 appends float64[leaves], the training rows that reached each leaf (what Contributions needs); a model
    // without them (loaded from a version-1 file) is saved as version 1 again, byte for byte.
    // No timestamp or path goes in, so a model saves to the same bytes every time; the hash catches a damaged file.
    private static readonly byte[] s_magic = "ENCORERK"u8.ToArray();

    /// <summary>The file format version <see cref="Save(string)"/> writes for a model with leaf covers (all it trains).</summary>
    public const int FormatVersion = 2;

    /// <summary>The first format, without leaf covers: still read, and written for a model loaded from it.</summary>
    public const int FormatVersionWithoutCovers = 1;

    private const int HeaderLength = 8 + sizeof(int) + sizeof(long);

    /// <summary>Writes the model to <paramref name="path"/> through a temporary file, so a failure leaves no partial file.</summary>
    /// <exception cref="EncoreException">The file cannot be written.</exception>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = ToBytes();
        var temporary = path + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new EncoreException($"Cannot write ranker model '{path}': {e.Message}", e);
        }
    }

    /// <summary>Reads a model written by <see cref="Save(string)"/>.</summary>
    /// <exception cref="EncoreException">The file is missing, not an Encore ranker model, of another version, or damaged.</exception>
    public static RankerModel Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EncoreException($"Cannot read ranker model '{path}': {e.Message}", e);
        }

        return FromBytes(bytes, path);
    }

    /// <summary>The saved form of the model, as <see cref="Save(string)"/> writes it.</summary>
    internal byte[] ToBytes()
    {
        RequireLittleEndian();
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            WritePayload(writer);
        }

        var body = payload.GetBuffer().AsSpan(0, (int)payload.Length);
        using var file = new MemoryStream(HeaderLength + body.Length + SHA256.HashSizeInBytes);
        using (var writer = new BinaryWriter(file, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(s_magic);
            writer.Write(_shap is null ? FormatVersionWithoutCovers : FormatVersion);
            writer.Write((long)body.Length);
            writer.Write(body);
            writer.Write(SHA256.HashData(body));
        }

        return file.ToArray();
    }

    /// <summary>Reads the saved form of a model; <paramref name="name"/> names it in errors.</summary>
    internal static RankerModel FromBytes(byte[] bytes, string name)
    {
        RequireLittleEndian();
        if (bytes.Length < HeaderLength || !bytes.AsSpan(0, s_magic.Length).SequenceEqual(s_magic))
        {
            throw new EncoreException($"'{name}' is not an Encore ranker model (bad magic).");
        }

        var version = BitConverter.ToInt32(bytes, s_magic.Length);
        if (version is not (FormatVersion or FormatVersionWithoutCovers))
        {
            throw new EncoreException(
                $"'{name}' has ranker model format version {version}; this build reads versions {FormatVersionWithoutCovers} and {FormatVersion}.");
        }

        var length = BitConverter.ToInt64(bytes, s_magic.Length + sizeof(int));
        if (length < 0 || length != bytes.Length - HeaderLength - SHA256.HashSizeInBytes)
        {
            throw new EncoreException($"'{name}' is truncated or damaged: its payload should be {length} bytes, the file holds {bytes.Length - HeaderLength - SHA256.HashSizeInBytes}.");
        }

        var body = bytes.AsSpan(HeaderLength, (int)length);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(HeaderLength + (int)length)))
        {
            throw new EncoreException($"'{name}' is damaged: its checksum does not match its contents.");
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, HeaderLength, (int)length, writable: false), Encoding.UTF8);
            return ReadPayload(reader, version);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or EncoreException)
        {
            throw new EncoreException($"'{name}' is not a valid ranker model: {e.Message}", e);
        }
    }

    private void WritePayload(BinaryWriter writer)
    {
        var o = Options;
        writer.Write((int)o.Objective);
        writer.Write(o.Trees);
        writer.Write(o.Leaves);
        writer.Write(o.LearningRate);
        writer.Write(o.MinRowsPerLeaf);
        writer.Write(o.Seed);
        writer.Write(o.Threads);
        writer.Write(_featureNames.Length);
        foreach (var featureName in _featureNames)
        {
            writer.Write(featureName);
        }

        writer.Write(MemoryMarshal.AsBytes(_gains.AsSpan()));
        writer.Write(_scorer.Roots.Length);
        writer.Write(MemoryMarshal.AsBytes(_scorer.Roots));
        writer.Write(_scorer.Nodes.Length);
        writer.Write(MemoryMarshal.AsBytes(_scorer.Nodes));
        writer.Write(_scorer.Leaves.Length);
        writer.Write(MemoryMarshal.AsBytes(_scorer.Leaves));
        if (_shap is not null)
        {
            writer.Write(MemoryMarshal.AsBytes(_shap.LeafCovers));
        }
    }

    private static RankerModel ReadPayload(BinaryReader reader, int version)
    {
        var options = new RankerModelOptions
        {
            Objective = (RankerObjective)reader.ReadInt32(),
            Trees = reader.ReadInt32(),
            Leaves = reader.ReadInt32(),
            LearningRate = reader.ReadDouble(),
            MinRowsPerLeaf = reader.ReadInt32(),
            Seed = reader.ReadInt32(),
            Threads = reader.ReadInt32(),
        };
        options.Validate();
        var names = new string[ReadCount(reader, "feature")];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = reader.ReadString();
        }

        var gains = ReadArray<double>(reader, names.Length);
        var roots = ReadArray<int>(reader, ReadCount(reader, "tree"));
        var nodes = ReadArray<TreeEnsembleScorer.Node>(reader, ReadCount(reader, "node"));
        var leaves = ReadArray<double>(reader, ReadCount(reader, "leaf"));
        var covers = version >= FormatVersion ? ReadArray<double>(reader, leaves.Length) : null;
        if (reader.BaseStream.Position != reader.BaseStream.Length)
        {
            throw new EncoreException($"{reader.BaseStream.Length - reader.BaseStream.Position} bytes follow the model.");
        }

        return new RankerModel(names, options, new TreeEnsembleScorer(nodes, roots, leaves), gains, covers);
    }

    private static int ReadCount(BinaryReader reader, string what)
    {
        var count = reader.ReadInt32();
        // A count larger than what is left of the payload is damage, caught before allocating for it.
        if (count < 0 || count > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new EncoreException($"bad {what} count {count}.");
        }

        return count;
    }

    private static T[] ReadArray<T>(BinaryReader reader, int count)
        where T : unmanaged
    {
        var values = new T[count];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Ranker model files are little-endian; this machine is not.");
        }
    }
}
