// The model file, included byte for byte (OCTET_MODEL is its path, a string) and 16-byte aligned.
  .section .rodata.octet_model, "a"
  .balign 16
  .global octet_model_start
octet_model_start:
  .incbin OCTET_MODEL
  .global octet_model_end
octet_model_end:
