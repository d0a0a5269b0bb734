//! Node-API binding of the bosonic engine (work in progress by the binding owner).
