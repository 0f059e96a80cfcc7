using System.Runtime.InteropServices;
using System.Text;
using Encore.Core.Data.Interactions;
using Encore.Core.Linalg;

namespace Encore.Core.Models.Als;

public sealed partial class AlsRecommender
{
    // File layout (little-endian), version 1:
    //   8-byte magic "ENCOREAL", int32 version,
    //   options: int32 factors, int32 iterations, float32 regularization, float32 alpha, int32 confidence,
    //            int32 solver, int32 cg steps, int32 seed, int32 threads, byte calculate-loss,
    //   int32 users, int32 items, float32[users·factors] user factors, float32[items·factors] item factors,
    //   int32 nnz, int32[users+1] indptr, int32[nnz] indices, float32[nnz] values (the training matrix).
    private static readonly byte[] Magic = "ENCOREAL"u8.ToArray();

    /// <summary>The file format version <see cref="Save(string)"/> writes.</summary>
    public const int FormatVersion = 1;

    /// <summary>Writes the model to <paramref name="path"/> through a temporary file, so a failure leaves no partial file.</summary>
    public void Save(string path)
    {
        var temporary = path + ".tmp";
        try
        {
            using (var stream = File.Create(temporary))
            {
                Save(stream);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (IOException e)
        {
            File.Delete(temporary);
            throw new EncoreException($"Cannot write ALS model '{path}': {e.Message}", e);
        }
    }

    /// <summary>Writes the model to <paramref name="stream"/>.</summary>
    public void Save(Stream stream)
    {
        RequireLittleEndian();
        var users = UserFactors;
        var items = ItemFactors;
        var matrix = UserItems;
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        var o = Options;
        writer.Write(o.Factors);
        writer.Write(o.Iterations);
        writer.Write(o.Regularization);
        writer.Write(o.Alpha);
        writer.Write((int)o.Confidence);
        writer.Write((int)o.Solver);
        writer.Write(o.CgSteps);
        writer.Write(o.Seed);
        writer.Write(o.Threads);
        writer.Write(o.CalculateLoss);
        writer.Write(users.Rows);
        writer.Write(items.Rows);
        writer.Write(MemoryMarshal.AsBytes((ReadOnlySpan<float>)users.Data));
        writer.Write(MemoryMarshal.AsBytes((ReadOnlySpan<float>)items.Data));
        writer.Write(matrix.Nnz);
        writer.Write(MemoryMarshal.AsBytes(matrix.IndPtr));
        writer.Write(MemoryMarshal.AsBytes(matrix.Indices));
        writer.Write(MemoryMarshal.AsBytes(matrix.Values));
    }

    /// <summary>Reads a model written by <see cref="Save(string)"/>.</summary>
    /// <exception cref="EncoreException">The file is missing, not an Encore ALS model, of another version, or truncated.</exception>
    public static AlsRecommender Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Load(stream, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EncoreException($"Cannot read ALS model '{path}': {e.Message}", e);
        }
    }

    /// <summary>Reads a model from <paramref name="stream"/>; <paramref name="name"/> names it in errors.</summary>
    public static AlsRecommender Load(Stream stream, string name = "stream")
    {
        RequireLittleEndian();
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            var (options, userCount, itemCount) = ReadHeader(reader, name);
            var model = new AlsRecommender(options);
            var users = new FactorMatrix(userCount, options.Factors);
            var items = new FactorMatrix(itemCount, options.Factors);
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(users.Data));
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(items.Data));
            var nnz = reader.ReadInt32();
            if (nnz < 0)
            {
                throw new EncoreException($"'{name}' has a negative interaction count {nnz}.");
            }

            var indPtr = new int[userCount + 1];
            var indices = new int[nnz];
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(indPtr.AsSpan()));
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(indices.AsSpan()));
            var values = ReadValues(reader.BaseStream, nnz, out var uniform);
            model.SetModel(
                users,
                items,
                values is null
                    ? SparseMatrix.FromCsrUniform(userCount, itemCount, indPtr, indices, uniform)
                    : SparseMatrix.FromCsr(userCount, itemCount, indPtr, indices, values));
            return model;
        }
        catch (EndOfStreamException e)
        {
            throw new EncoreException($"'{name}' is truncated: not a complete ALS model.", e);
        }
    }

    /// <summary>
    /// The options and shape a model in <paramref name="stream"/> was saved with, without its factors and matrix (what
    /// a reader that needs only those skips: a gigabyte at full scale).
    /// </summary>
    /// <exception cref="EncoreException">Not an Encore ALS model, of another version, or truncated.</exception>
    internal static (AlsOptions Options, int Users, int Items) ReadHeader(Stream stream, string name = "stream")
    {
        RequireLittleEndian();
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            return ReadHeader(reader, name);
        }
        catch (EndOfStreamException e)
        {
            throw new EncoreException($"'{name}' is truncated: not a complete ALS model.", e);
        }
    }

    private static (AlsOptions Options, int Users, int Items) ReadHeader(BinaryReader reader, string name)
    {
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
        {
            throw new EncoreException($"'{name}' is not an Encore ALS model (bad magic).");
        }

        var version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new EncoreException($"'{name}' has ALS model format version {version}; this build reads version {FormatVersion}.");
        }

        var options = new AlsOptions
        {
            Factors = reader.ReadInt32(),
            Iterations = reader.ReadInt32(),
            Regularization = reader.ReadSingle(),
            Alpha = reader.ReadSingle(),
            Confidence = (AlsConfidence)reader.ReadInt32(),
            Solver = (AlsSolverKind)reader.ReadInt32(),
            CgSteps = reader.ReadInt32(),
            Seed = reader.ReadInt32(),
            Threads = reader.ReadInt32(),
            CalculateLoss = reader.ReadBoolean(),
        };
        var userCount = reader.ReadInt32();
        var itemCount = reader.ReadInt32();
        if (userCount < 0 || itemCount < 0)
        {
            throw new EncoreException($"'{name}' has a negative shape {userCount}x{itemCount}.");
        }

        return (options, userCount, itemCount);
    }

    /// <summary>
    /// Reads the training matrix's <paramref name="nnz"/> values in blocks: null with their one value in
    /// <paramref name="uniform"/> when every value has the same bits (binary interactions), so the matrix keeps it once
    /// instead of once per cell; else the array, read as it is.
    /// </summary>
    private static float[]? ReadValues(Stream stream, int nnz, out float uniform)
    {
        uniform = 0f;
        var block = new float[Math.Min(nnz, 1 << 16)];
        var read = 0;
        while (read < nnz)
        {
            var length = Math.Min(block.Length, nnz - read);
            var chunk = block.AsSpan(0, length);
            stream.ReadExactly(MemoryMarshal.AsBytes(chunk));
            if (read == 0)
            {
                uniform = chunk[0];
            }

            var bits = BitConverter.SingleToInt32Bits(uniform);
            var first = 0;
            while (first < length && BitConverter.SingleToInt32Bits(chunk[first]) == bits)
            {
                first++;
            }

            if (first < length)
            {
                // Not uniform: everything so far was the one value; the rest is read straight into place.
                var values = new float[nnz];
                values.AsSpan(0, read).Fill(uniform);
                chunk.CopyTo(values.AsSpan(read));
                stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan(read + length)));
                return values;
            }

            read += length;
        }

        return null;
    }

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ALS model files are little-endian; this machine is not.");
        }
    }
}
