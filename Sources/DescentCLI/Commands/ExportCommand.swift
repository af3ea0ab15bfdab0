import ArgumentParser
import Descent
import Foundation

/// `descent export`: writes a saved model as an ONNX file with its preprocessing inside.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a saved model to ONNX: raw columns in, labels and probabilities (or values) out, in one graph.",
        discussion: """
            The graph holds the model's preprocessing (missing cells filled, categories one-hot, \
            normalization), its layers and activations, and its outputs: `label` and `probabilities` for a \
            classifier, `variable` for regression. IR version \(ONNXExport.irVersion), opsets ai.onnx \
            \(ONNXExport.operatorSetVersion) and ai.onnx.ml \(ONNXExport.mlOperatorSetVersion), float32. \
            The file is written crash-safely: complete or absent.
            Example:
              descent train --data train.csv --save model.safetensors
              descent export --model model.safetensors --onnx model.onnx
            """)

    @Option(help: "A model file written by `descent train --save` (.safetensors).")
    var model: String

    @Option(help: "The ONNX file to write.")
    var onnx: String

    func run() throws {
        try OutputPath.checkFile(onnx, option: "--onnx")
        let export: ONNXExport
        do {
            export = try ONNXExport(modelAt: URL(fileURLWithPath: model), file: model)
        } catch {
            throw CommandFailure(message: error.description)
        }
        do {
            try export.write(to: URL(fileURLWithPath: onnx))
        } catch {
            throw CommandFailure(message: "\(onnx): cannot write the ONNX file: \(error)")
        }
        print("wrote \(onnx): ONNX IR \(ONNXExport.irVersion), opset \(ONNXExport.operatorSetVersion) (ai.onnx.ml \(ONNXExport.mlOperatorSetVersion)), \(export.bytes.count) bytes")
        print("inputs:  \(export.inputs.map(\.description).joined(separator: "; "))")
        print("outputs: \(export.outputs.map(\.description).joined(separator: "; "))")
    }
}
